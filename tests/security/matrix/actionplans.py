"""Action plans: OPD pages, plans, quarterly reports, evidence, blanks, Biro pages, the API.

Write rule everywhere (actionplans.services.can_edit_plans): the OPD's admin, Biro/Bagian staff
who manage its Pemda, superusers; never read-only roles or inspectors. Reviews (verify/return)
by those who manage the Pemda (Scope.can_manage_pemda); re-opening by the province's Biro.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from actionplans import services
from actionplans.models import (
    ActionPlan,
    Evidence,
    ImportLog,
    KegiatanUtama,
    NationalExport,
    ProgressReport,
    ReportingWindow,
    SasaranTematik,
    WindowReopening,
)
from tests.actionplans.factories import make_kegiatan_utama, make_plan, make_report, make_sasaran_tematik

from . import ACTIVE, ANY_USER, VISIBLE, Api, Page, roles, when

WITH_SCOPE = roles(*[r for r in ACTIVE if r != "nobody"])


def can_edit(user, obj):
    opd = getattr(obj, "opd", None) or obj
    return services.can_edit_plans(user, opd)


def can_review(user, obj):
    return user.scope.can_manage_pemda(obj.opd.pemda)


def can_reopen(user, obj):
    scope = user.scope
    return scope.is_superuser or (scope.role == "biro" and obj.opd.pemda.province_id == scope.province_id)


def can_set_target(user, pemda):
    return services.can_set_province_target(user, pemda.province)


def can_manage(user, pemda):
    return user.scope.can_manage_pemda(pemda)


def can_submit(user, obj):
    scope = user.scope
    return scope.is_superuser or (scope.role == "opd_admin" and scope.opd_id == obj.opd_id)


def build(world):
    for t in world.targets.values():
        t.kegiatan_utama = make_kegiatan_utama(t.pemda, "KU-MATRIKS")
        t.sasaran_tematik = make_sasaran_tematik(t.pemda, "ST-MATRIKS")
        plan = make_plan(t.opd, "RA-MATRIKS", kegiatan_utama=t.kegiatan_utama)
        t.plan = plan
        t.submitted = make_report(plan, 1, 30, status="submitted")
        t.verified = make_report(plan, 3, 70, status="verified")
        t.draft = make_report(plan, 4, 90, status="draft")
        t.evidence = Evidence(report=t.submitted, label="Notulen", original_name="notulen.pdf")
        t.evidence.file.save("notulen.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        t.import_log = ImportLog(opd=t.opd, year=2025, original_name="blanko.xlsx")
        t.import_log.file.save("blanko.xlsx", ContentFile(b"PK\x03\x04"), save=True)
        # one window per target province (the "reg" target shares "in"'s), reopened for the target OPD
        t.window, _ = ReportingWindow.objects.get_or_create(
            province=t.pemda.province, year=2025, quarter=2,
            defaults={"opens_on": datetime.date(2025, 7, 1), "closes_on": datetime.date(2025, 7, 8)})
        t.reopening = WindowReopening.objects.create(window=t.window, opd=t.opd, until=datetime.date(2025, 7, 20),
                                                     reason="Gangguan jaringan", by=world.cast.superuser)
        # The national observer's own export: its status and file for them alone.
        t.national_export = NationalExport(year=2025, requested_by=world.cast.observer, status="done", progress=100)
        t.national_export.save()
        t.national_export.file.save("nasional.xlsx", ContentFile(b"PK\x03\x04"), save=True)


def plan_of(t):
    return t.plan


def page(name, *args):
    def pk(value):
        return getattr(value, "pk", value)

    return lambda w, t: reverse(f"actionplans:{name}", args=[pk(a(t)) if callable(a) else a for a in args])


def plan_body(w, t, method):
    if method == "POST":
        return {
            "opd": t.opd.pk, "year": 2025, "theme": t.plan.theme_id, "code": "RA-BARU", "goal": "Tujuan",
            "indicator": "Indikator baru", "unit": "%", "annual_target": "100", "target_mode": "cumulative",
            "target_q1": "25", "target_q2": "50", "target_q3": "75", "target_q4": "100", "weight": "1",
            "kegiatan_utama": t.kegiatan_utama.pk,
        }
    if method == "PATCH":
        return {"indicator": "Indikator diubah"}
    return None


def reference_page(name):
    return lambda w, t: reverse(f"actionplans:{name}") + f"?pemda={t.pemda.pk}&tahun=2025"


def kegiatan_body(w, t, method):
    return {"code": "KU-BARU", "name": "Kegiatan", "indicator": "Indikator", "unit": "%", "target": "10"}


def sasaran_body(w, t, method):
    return {"theme": t.sasaran_tematik.theme_id, "code": "ST-BARU", "name": "Sasaran", "indicator": "Indikator", "unit": "%",
            "annual_target": "10"}


def report_body(w, t, method):
    return {"plan": t.plan.pk, "quarter": 2, "realisation": "40"}


def comment_body(w, t, method):
    return {"comment": "Perlu bukti tambahan"}


ENTRIES = [
    Page("actionplans:index", GET=WITH_SCOPE),
    Page("actionplans:mine", GET=ANY_USER),
    Page("actionplans:queue", GET=ANY_USER),
    Page("actionplans:matrix", GET=WITH_SCOPE),
    Page("actionplans:not_reported", GET=WITH_SCOPE),
    Page("actionplans:targets", GET=WITH_SCOPE),
    Page("actionplans:export", GET=WITH_SCOPE),
    # The national export: national roles ask (an empty body: "Tahun tidak valid", nothing queued);
    # each export's status and file only for whoever asked for it.
    Page("actionplans:national_export", GET=roles("observer", "superuser"), POST=roles("observer", "superuser")),
    Page("actionplans:national_export_status", url=page("national_export_status", lambda t: t.national_export.pk),
         obj=lambda t: t.national_export, GET=VISIBLE),
    Page("actionplans:national_export_file", url=page("national_export_file", lambda t: t.national_export.pk),
         obj=lambda t: t.national_export, GET=VISIBLE),
    # The Biro-side pages for a chosen Pemda (?pemda=<pk>): 404 outside the scope.
    Page("actionplans:matrix", url=lambda w, t: reverse("actionplans:matrix") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=VISIBLE),
    Page("actionplans:not_reported", url=lambda w, t: reverse("actionplans:not_reported") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=VISIBLE),
    Page("actionplans:targets", url=lambda w, t: reverse("actionplans:targets") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=VISIBLE),
    Page("actionplans:export", url=lambda w, t: reverse("actionplans:export") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=VISIBLE),
    # The province target: the province's Biro (services.can_set_province_target) and superusers.
    Page("actionplans:target_edit", GET=roles("biro", "biro_other", "superuser"), POST=roles("biro", "biro_other", "superuser")),
    # an empty body: allowed roles get "Tahun tidak valid" and a redirect, nothing is created
    Page("actionplans:reference_year_create", POST=roles("biro", "biro_other", "superuser")),
    Page("actionplans:target_edit", url=lambda w, t: reverse("actionplans:target_edit") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=when(can_set_target), POST=when(can_set_target)),
    # Reporting windows: read by whoever sees the Pemda; set and reopened by the province's Biro.
    Page("actionplans:windows", url=lambda w, t: reverse("actionplans:windows") + f"?pemda={t.pemda.pk}",
         obj=lambda t: t.pemda, GET=VISIBLE, POST=when(can_set_target),
         data=lambda w, t, m: {"action": "window", "quarter": 3, "opens_on": "2025-10-01", "closes_on": "2025-10-08"}),
    # A Pemda's kegiatan utama and sasaran tematik: read by whoever sees the Pemda, written by its
    # Biro (province) / Bagian (regency) (Scope.can_manage_pemda).
    Page("actionplans:kegiatan_utama", GET=WITH_SCOPE),
    Page("actionplans:sasaran_tematik", GET=WITH_SCOPE),
    Page("actionplans:kegiatan_utama", url=reference_page("kegiatan_utama"), obj=lambda t: t.pemda, GET=VISIBLE,
         POST=when(can_manage), data=kegiatan_body),
    Page("actionplans:sasaran_tematik", url=reference_page("sasaran_tematik"), obj=lambda t: t.pemda, GET=VISIBLE,
         POST=when(can_manage), data=sasaran_body),
    Page("actionplans:opd", url=page("opd", lambda t: t.opd.pk), obj=lambda t: t.opd, GET=VISIBLE),
    Page("actionplans:create", url=page("create", lambda t: t.opd.pk), obj=lambda t: t.opd,
         GET=when(can_edit), POST=when(can_edit)),
    Page("actionplans:blank", url=page("blank", lambda t: t.opd.pk), obj=lambda t: t.opd, GET=VISIBLE),
    Page("actionplans:upload", url=page("upload", lambda t: t.opd.pk), obj=lambda t: t.opd, POST=when(can_edit)),
    Page("actionplans:import", url=page("import", lambda t: t.import_log.pk), obj=lambda t: t.import_log, GET=VISIBLE),
    Page("actionplans:import_commit", url=page("import_commit", lambda t: t.import_log.pk), obj=lambda t: t.import_log,
         POST=when(can_edit)),
    Page("actionplans:import_file", url=page("import_file", lambda t: t.import_log.pk), obj=lambda t: t.import_log,
         GET=VISIBLE),
    Page("actionplans:detail", url=page("detail", plan_of), obj=plan_of, GET=VISIBLE),
    Page("actionplans:edit", url=page("edit", plan_of), obj=plan_of, GET=when(can_edit), POST=when(can_edit)),
    # TW I is submitted: visible, not editable by anyone; TW II has no report yet: editable.
    Page("actionplans:report", url=page("report", plan_of, 1), obj=plan_of, GET=VISIBLE),
    Page("actionplans:report", url=page("report", plan_of, 2), obj=plan_of, GET=VISIBLE, POST=when(can_edit)),
    Page("actionplans:report_action", url=page("report_action", plan_of, 1), obj=plan_of,
         data=lambda w, t, m: {"action": "verify"}, POST=when(can_review)),
    Page("actionplans:evidence_add", url=page("evidence_add", plan_of, 2), obj=plan_of, POST=when(can_edit)),
    Page("actionplans:evidence", url=page("evidence", lambda t: t.evidence.pk), obj=lambda t: t.evidence, GET=VISIBLE),
    Page("actionplans:evidence_delete", url=page("evidence_delete", lambda t: t.evidence.pk),
         obj=lambda t: t.evidence, POST=when(lambda u, e: services.can_edit_plans(u, e.report.plan.opd))),
    Api("/api/v1/action-plans/", GET=ANY_USER, list_model="actionplans.ActionPlan"),
    Api("/api/v1/action-plans/", targets=("in", "reg", "out"), obj=lambda t: t.opd, data=plan_body, strict=True,
        POST=when(can_edit)),
    Api("/api/v1/action-plans/{id}/", url=lambda w, t: f"/api/v1/action-plans/{t.plan.pk}/", obj=plan_of,
        data=plan_body, GET=VISIBLE, PATCH=when(can_edit)),
    # A plan with reports cannot be deleted (400 for those allowed); a fresh plan can.
    Api("/api/v1/action-plans/{id}/", url=lambda w, t: f"/api/v1/action-plans/{t.plan.pk}/", obj=plan_of,
        DELETE=when(can_edit)),
    Api("/api/v1/kegiatan-utama/", GET=ANY_USER, list_model="actionplans.KegiatanUtama"),
    Api("/api/v1/kegiatan-utama/{id}/", url=lambda w, t: f"/api/v1/kegiatan-utama/{t.kegiatan_utama.pk}/",
        obj=lambda t: t.kegiatan_utama, GET=VISIBLE),
    Api("/api/v1/sasaran-tematik/", GET=ANY_USER, list_model="actionplans.SasaranTematik"),
    Api("/api/v1/sasaran-tematik/{id}/", url=lambda w, t: f"/api/v1/sasaran-tematik/{t.sasaran_tematik.pk}/",
        obj=lambda t: t.sasaran_tematik, GET=VISIBLE),
    # A province's windows: whoever sees a Pemda of the province (agencies' scope province).
    Api("/api/v1/reporting-windows/", GET=ANY_USER, list_model="actionplans.ReportingWindow"),
    Api("/api/v1/reporting-windows/{id}/", url=lambda w, t: f"/api/v1/reporting-windows/{t.window.pk}/",
        obj=lambda t: t.window, GET=VISIBLE),
    Api("/api/v1/progress-reports/", GET=ANY_USER, list_model="actionplans.ProgressReport"),
    Api("/api/v1/progress-reports/", targets=("in", "reg", "out"), obj=plan_of, data=report_body, strict=True,
        POST=when(can_edit)),
    Api("/api/v1/progress-reports/{id}/", url=lambda w, t: f"/api/v1/progress-reports/{t.submitted.pk}/",
        obj=lambda t: t.submitted, GET=VISIBLE),
    Api("/api/v1/progress-reports/{id}/submit/", url=lambda w, t: f"/api/v1/progress-reports/{t.draft.pk}/submit/",
        obj=lambda t: t.draft, POST=when(lambda u, r: can_submit(u, r.plan))),
    Api("/api/v1/progress-reports/{id}/verify/", url=lambda w, t: f"/api/v1/progress-reports/{t.submitted.pk}/verify/",
        obj=lambda t: t.submitted, POST=when(lambda u, r: can_review(u, r.plan))),
    Api("/api/v1/progress-reports/{id}/return/", url=lambda w, t: f"/api/v1/progress-reports/{t.submitted.pk}/return/",
        obj=lambda t: t.submitted, data=comment_body, POST=when(lambda u, r: can_review(u, r.plan))),
    Api("/api/v1/progress-reports/{id}/reopen/", url=lambda w, t: f"/api/v1/progress-reports/{t.verified.pk}/reopen/",
        obj=lambda t: t.verified, data=comment_body, POST=when(lambda u, r: can_reopen(u, r.plan))),
]

PENDING = []


def plant_canaries(world, plant):
    """The target plans' texts, and a plan of every other OPD of the cast (for the figures)."""
    c = world.cast
    for t in world.targets.values():
        ActionPlan.objects.filter(pk=t.plan.pk).update(indicator=f"{plant(t.opd)} Indikator")
        ProgressReport.objects.filter(pk=t.submitted.pk).update(obstacles=f"{plant(t.opd)} Kendala")
        Evidence.objects.filter(pk=t.evidence.pk).update(label=f"{plant(t.opd)} Bukti")
    for t in world.targets.values():
        # Pemda-wide reference data (its OPD admins choose from it); a reopening belongs to its OPD
        # one token for both (the same place), so the share of tokens the quarterly reports show stays meaningful
        pemda_token = plant(t.pemda)
        KegiatanUtama.objects.filter(pk=t.kegiatan_utama.pk).update(name=f"{pemda_token} Kegiatan utama")
        SasaranTematik.objects.filter(pk=t.sasaran_tematik.pk).update(name=f"{pemda_token} Sasaran tematik")
        WindowReopening.objects.filter(pk=t.reopening.pk).update(reason=f"{plant(t.opd)} Alasan")
    urls = []
    for name in ("kominfo", "pky_disdik", "kobar_dinkes", "smd_dinkes"):
        opd = getattr(c, name)
        token = plant(opd)  # the indicator's token in the plan's Portal RB texts too (same place)
        plan = make_plan(opd, "RA-KANARI", indicator=f"{token} Indikator", goal=f"{plant(opd)} Tujuan",
                         coordinators=f"{token} Koordinator", formula=f"{token} Rumus")
        report = make_report(plan, 1, 25, status="verified", obstacles=f"{plant(opd)} Kendala")
        make_report(plan, 2, 50, status="submitted")
        Evidence.objects.create(report=report, label=f"{plant(opd)} Bukti", url="https://example.org/bukti")
        urls += [reverse("actionplans:detail", args=[plan.pk]), reverse("actionplans:report", args=[plan.pk, 1])]
    return urls
