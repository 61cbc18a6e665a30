from agencies.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("meeting-attendance", views.AttendanceViewSet, basename="meeting-attendance")
router.register("meeting-decisions", views.DecisionViewSet, basename="meeting-decision")
router.register("meeting-recommendations", views.RecommendationViewSet, basename="meeting-recommendation")
router.register("meeting-follow-ups", views.FollowUpViewSet, basename="meeting-follow-up")
router.register("external-units", views.ExternalUnitViewSet, basename="external-unit")

urlpatterns = router.urls
