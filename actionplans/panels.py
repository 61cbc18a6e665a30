"""Action-plan panels on shared pages (agencies' home and OPD detail pages find this module by name)."""

from agencies.models import Opd, Pemda
from agencies.roles import Role
from reformportal import charts

from . import selectors
from .achievement import target_widget
from .models import ActionPlan


def home_panels(request):
    user = request.user
    scope = user.scope
    if scope.role == Role.OPD_ADMIN:
        opd = Opd.objects.select_related("pemda").get(pk=scope.opd_id)
        year, quarter = selectors.default_period(user)
        summary = selectors.opd_quarter_summary(opd, year, quarter)
        return [{"template": "actionplans/_panel_my_plans.html", "summary": summary, "opd": opd}]
    if scope.reach == "none":
        return []
    if scope.pemda_id:
        pemda = Pemda.objects.get(pk=scope.pemda_id)
    else:
        pemda = Pemda.objects.visible_to(user).filter(level=Pemda.Level.PROVINCE).first()
        if pemda is None:
            return []
    year, _quarter = selectors.default_period(user)
    plans = ActionPlan.objects.visible_to(user).filter(opd__pemda=pemda)
    target = target_widget(plans, pemda.province_id, year)
    return [
        {
            "template": "actionplans/_panel_target.html",
            "target": target,
            "gauge": charts.gauge(target["actual"], target["target"]),
            "pemda": pemda,
        }
    ]


def opd_panels(request, opd):
    year, quarter = selectors.default_period(request.user)
    return [
        {
            "template": "actionplans/_panel_opd_plans.html",
            "opd": opd,
            "year": year,
            "quarter": quarter,
            "rows": selectors.opd_plan_rows(opd, year, quarter),
        }
    ]
