from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("org-structures", views.StructureViewSet, basename="org-structure")
router.register("post-conversions", views.ConversionViewSet, basename="post-conversion")
router.register("position-mismatches", views.MismatchViewSet, basename="position-mismatch")
router.register("institution-regulations", views.RegulationViewSet, basename="institution-regulation")
router.register("strategic-issues", views.IssueViewSet, basename="strategic-issue")
router.register("workload-scores", views.WorkloadScoreViewSet, basename="workload-score")

urlpatterns = router.urls
