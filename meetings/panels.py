"""Meeting panels on shared pages: overdue follow-ups on the home page, an OPD's items on its page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.roles import Role

from .models import Meeting
from .selectors import follow_ups_for, overdue_follow_ups
from .services import can_update_follow_up

PANEL_ROWS = 10
OPD_FOLLOW_UP_ROWS = 20


def home_panels(request):
    scope = request.user.scope
    if not scope.role:
        return []
    if scope.role == Role.OPD_ADMIN:
        items = list(follow_ups_for(request.user).open()[:PANEL_ROWS])
        count = follow_ups_for(request.user).open().count()
        return [
            {
                "template": "meetings/_panel_overdue.html",
                "title": _("Tindak lanjut rapat yang harus diselesaikan"),
                "items": items,
                "count": count,
                "status_filter": "",
                "empty": _("Tidak ada tindak lanjut terbuka."),
            }
        ]
    overdue = overdue_follow_ups(request.user)
    return [
        {
            "template": "meetings/_panel_overdue.html",
            "title": _("Tindak lanjut rapat yang terlambat"),
            "items": list(overdue[:PANEL_ROWS]),
            "count": overdue.count(),
            "status_filter": "overdue",
            "empty": _("Tidak ada tindak lanjut yang terlambat."),
        }
    ]


def opd_panels(request, opd):
    all_follow_ups = follow_ups_for(request.user, opd=opd)
    follow_ups = list(all_follow_ups[:OPD_FOLLOW_UP_ROWS])
    for item in follow_ups:
        item.editable = can_update_follow_up(request.user, item)
    all_meetings = Meeting.objects.visible_to(request.user).filter(attending_opds=opd)
    meetings = list(all_meetings.select_related("pemda__province").order_by("-starts_at")[:PANEL_ROWS])
    if not follow_ups and not meetings:
        return []
    return [{
        "template": "meetings/_panel_opd.html", "opd": opd, "follow_ups": follow_ups, "meetings": meetings,
        # The lists show their first rows; the counts say how many there are (links to all of them).
        "follow_up_count": all_follow_ups.count() if len(follow_ups) == OPD_FOLLOW_UP_ROWS else len(follow_ups),
        "meeting_count": all_meetings.count() if len(meetings) == PANEL_ROWS else len(meetings),
        "follow_ups_url": f"{reverse('meetings:follow_ups')}?opd={opd.pk}",
        "meetings_url": f"{reverse('meetings:list')}?opd={opd.pk}",
    }]

