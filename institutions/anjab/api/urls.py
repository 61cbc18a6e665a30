from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("abk", views.AbkViewSet, basename="abk")
router.register("abk-positions", views.PositionViewSet, basename="abk-position")
router.register("abk-tasks", views.TaskViewSet, basename="abk-task")

urlpatterns = router.urls
