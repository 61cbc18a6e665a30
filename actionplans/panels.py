"""Action-plan panels on shared pages (agencies' home and OPD detail pages find this module by name)."""

from agencies.models import Opd, Pemda
from agencies.roles import Role
from agencies.scoping import Reach
from reformportal import charts

from . import selectors
from .achievement import target_widget
from .models import AchievementRollup, quarter_label


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
    if scope.reach == Reach.ALL:
        return [_national_panel(user)]
    pemda = Pemda.objects.get(pk=scope.pemda_id)
    year, _quarter = selectors.default_period(user)
    # the stored roll-ups (actionplans.rollups), scoped like the plans they sum
    rollups = AchievementRollup.objects.visible_to(user).filter(opd__pemda=pemda)
    target = target_widget(rollups, pemda.province_id, year)
    return [
        {
            "template": "actionplans/_panel_target.html",
            "target": target,
            "gauge": charts.gauge(target["actual"], target["target"]),
            "pemda": pemda,
        }
    ]


def _national_panel(user):
    """National roles: a summary of every province and the way to the national overview page
    (not one province's widget: no province is theirs)."""
    year, quarter = selectors.default_period(user)
    figures = selectors.province_figures(user, year, quarter)
    with_plans = [f for f in figures if f.plans]
    return {
        "template": "actionplans/_panel_national.html",
        "year": year,
        "quarter_label": quarter_label(quarter),
        "provinces": len(figures),
        "with_plans": len(with_plans),
        "plans": sum(f.plans for f in with_plans),
        "met": sum(1 for f in with_plans if f.met),
    }


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
