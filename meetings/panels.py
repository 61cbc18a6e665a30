"""Meeting panels on shared pages: overdue follow-ups on the home page, an OPD's items on its page."""

from django.utils.translation import gettext as _

from agencies.roles import Role

from .models import Meeting
from .selectors import follow_ups_for, overdue_follow_ups
from .services import can_update_follow_up

PANEL_ROWS = 10


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
    follow_ups = list(follow_ups_for(request.user, opd=opd)[:20])
    for item in follow_ups:
        item.editable = can_update_follow_up(request.user, item)
    meetings = list(
        Meeting.objects.visible_to(request.user)
        .filter(attending_opds=opd)
        .select_related("pemda__province")
        .order_by("-starts_at")[:10]
    )
    if not follow_ups and not meetings:
        return []
    return [{"template": "meetings/_panel_opd.html", "follow_ups": follow_ups, "meetings": meetings}]

