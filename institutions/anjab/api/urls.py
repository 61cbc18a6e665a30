from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("abk", views.AbkViewSet, basename="abk")
router.register("abk-positions", views.PositionViewSet, basename="abk-position")

urlpatterns = router.urls
