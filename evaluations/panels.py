"""Evaluation panels on the home page and on an OPD's page (found by agencies.discovery)."""

from agencies.models import Pemda

from . import selectors
from .models import Recommendation


def home_panels(request):
    user = request.user
    scope = user.scope
    panels = []
    if scope.role in ("biro", "bagian", "leader") and scope.pemda_id:
        pemda = Pemda.objects.get(pk=scope.pemda_id)
        latest = selectors.latest_lhes(pemda)
        if latest:
            panels.append({"template": "evaluations/_panel_predikat.html", "pemda": pemda, "lhes": list(latest.values())})
    if scope.role == "inspector" or scope.is_superuser:
        panels.append({"template": "evaluations/_panel_review.html", "count": selectors.review_queue(user).count()})
    if scope.role == "opd_admin":
        open_recs = selectors.my_recommendations(user, status="open")
        rows = list(open_recs[:5])
        panels.append({
            "template": "evaluations/_panel_my_recommendations.html",
            "count": open_recs.count(), "overdue": open_recs.overdue().count(), "recs": rows,
        })
    return panels


def opd_panels(request, opd):
    recs = selectors.recommendations_for(request.user).filter(pk__in=Recommendation.objects.assigned_to_ids(opd.pk))
    rows = list(recs)
    if not rows:
        return []
    closed = sum(1 for r in rows if r.status == Recommendation.Status.CLOSED)
    return [{
        "template": "evaluations/_panel_opd.html",
        "recs": [r for r in rows if r.status != Recommendation.Status.CLOSED],
        "total": len(rows), "closed": closed, "percent": closed * 100 / len(rows),
    }]
