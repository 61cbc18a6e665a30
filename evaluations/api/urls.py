from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("evaluation-frameworks", views.EvaluationFrameworkViewSet, basename="evaluation-framework")
router.register("lhe", views.LheViewSet, basename="lhe")
router.register("lhe-recommendations", views.LheRecommendationViewSet, basename="lhe-recommendation")
router.register("lhe-follow-ups", views.LheFollowUpViewSet, basename="lhe-follow-up")

urlpatterns = router.urls
