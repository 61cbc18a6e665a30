from agencies.api.routers import PortalRouter

from ..pd import api as pd_api
from . import views

router = PortalRouter()
router.register("evaluation-frameworks", views.EvaluationFrameworkViewSet, basename="evaluation-framework")
router.register("lhe", views.LheViewSet, basename="lhe")
router.register("lhe-recommendations", views.LheRecommendationViewSet, basename="lhe-recommendation")
router.register("lhe-follow-ups", views.LheFollowUpViewSet, basename="lhe-follow-up")
router.register("pd-rounds", pd_api.PdRoundViewSet, basename="pd-round")
router.register("pd-submissions", pd_api.PdSubmissionViewSet, basename="pd-submission")
router.register("pd-answers", pd_api.PdAnswerViewSet, basename="pd-answer")

urlpatterns = router.urls
