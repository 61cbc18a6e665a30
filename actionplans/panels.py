"""Action-plan panels on shared pages (agencies' home and OPD detail pages find this module by name)."""

from agencies.models import Opd, Pemda
from agencies.roles import Role

from . import selectors
from .achievement import target_widget
from .charts import gauge
from .models import ActionPlan


def home_panels(request):
    notice = reference_notice(request.user)
    return ([notice] if notice else []) + _plan_panels(request)


def reference_notice(user):
    """"Data acuan tahun 2027 belum ditetapkan" for those who can set the year up (Biro, superuser)."""
    from .services import can_create_reference_year

    if not can_create_reference_year(user):
        return None
    year = selectors.missing_reference_year()
    if year is None:
        return None
    return {"template": "actionplans/_reference_missing.html", "year": year, "previous": year - 1}


def _plan_panels(request):
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
            "gauge": gauge(target["actual"], target["target"]),
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
