from . import views
from .routers import PortalRouter

router = PortalRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("regencies", views.RegencyViewSet, basename="regency")
router.register("pemdas", views.PemdaViewSet, basename="pemda")
router.register("opds", views.OpdViewSet, basename="opd")

urlpatterns = router.urls
