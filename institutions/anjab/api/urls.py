from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("abk", views.AbkViewSet, basename="abk")
router.register("abk-positions", views.PositionViewSet, basename="abk-position")

urlpatterns = router.urls
