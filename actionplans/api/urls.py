from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("action-plans", views.ActionPlanViewSet, basename="action-plan")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")

urlpatterns = router.urls
