from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("action-plans", views.ActionPlanViewSet, basename="action-plan")
router.register("kegiatan-utama", views.KegiatanUtamaViewSet, basename="kegiatan-utama")
router.register("sasaran-tematik", views.SasaranTematikViewSet, basename="sasaran-tematik")
router.register("reporting-windows", views.ReportingWindowViewSet, basename="reporting-window")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")

urlpatterns = router.urls
