from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("action-plans", views.ActionPlanViewSet, basename="action-plan")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")

urlpatterns = router.urls
