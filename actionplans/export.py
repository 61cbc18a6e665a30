"""Export of a Pemda's plans and progress for a year, in the structure of the national Portal RB.

Sheets (SHEETS), in the national portal's order: "Kegiatan Utama" (main RB General activities
with their indicators), "RA RB General" (RB General action plans), "Tema dan Sasaran Tematik"
(tematik or berdampak themes with their goals), "RA RB Tematik" (tematik/berdampak action plans)
and "Realisasi per Triwulan" (each report with its supporting and inhibiting factors and the
links of its evidence). The plans are read in chunks and written as they come
(reformportal.spreadsheets.write_xlsx, which passes every cell through `neutralise`: no formula
injection), so memory stays flat at any size.
"""

import functools

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language

from reformportal.spreadsheets import Sheet, write_xlsx

from .achievement import counted_realisations, plan_achievement
from .models import QUARTERS, ActionPlan, KegiatanUtama, ProgressReport, Programme, SasaranTematik, quarter_label
from .selectors import plans_with_reports

# The national portal's sheets, in its order: (sheet name, title, headings). Tests pin these.
PLAN_HEADERS = [
    "No", "Perangkat Daerah", "Kode Tema/Area", "Tema/Area", "{parent_code}", "{parent}", "Kode RA", "Rencana Aksi (Sasaran)",
    "Permasalahan", "Dampak yang Diharapkan", "Indikator", "Satuan", "Rumus Indikator", "Baseline (Tahun N-1)",
    "Target Tahunan", "Mode Target", *[f"Target {quarter_label(q)}" for q in QUARTERS],
    *[f"Realisasi {quarter_label(q)}" for q in QUARTERS], *[f"Status {quarter_label(q)}" for q in QUARTERS],
    "Capaian s.d. TW IV (%)", "Kegiatan", "Output", "Indikator Output", "Satuan Output", "Anggaran (Rp)",
    "Sumber Anggaran", "Koordinator", "Pelaksana", "Penanggung Jawab", "Bobot", "Kendala", "Solusi", "Catatan Verifikator",
]
GENERAL_HEADERS = [h.format(parent_code="Kode Kegiatan Utama", parent="Kegiatan Utama") for h in PLAN_HEADERS]
TEMATIK_HEADERS = [h.format(parent_code="Kode Sasaran Tematik", parent="Sasaran Tematik") for h in PLAN_HEADERS]
KEGIATAN_HEADERS = ["No", "Kode Kegiatan Utama", "Kegiatan Utama", "Indikator", "Satuan", "Target", "Jumlah Rencana Aksi"]
THEME_HEADERS = ["No", "Kode Tema", "Tema", "Kode Sasaran", "Sasaran Tematik", "Indikator", "Satuan", "Target Tahunan",
                 "Jumlah Rencana Aksi"]
REALISATION_HEADERS = [
    "No", "Perangkat Daerah", "Program", "Kode RA", "Indikator", "Satuan", "Baseline (Tahun N-1)", "Triwulan", "Target",
    "Realisasi", "Capaian (%)", "Status", "Uraian Capaian", "Faktor Penunjang", "Faktor Penghambat", "Solusi",
    "Tautan Data Dukung",
]
SHEETS = [
    ("Kegiatan Utama", "Kegiatan Utama RB General", KEGIATAN_HEADERS),
    ("RA RB General", "Rencana Aksi RB General", GENERAL_HEADERS),
    ("Tema dan Sasaran Tematik", "Tema dan Sasaran RB Tematik/Berdampak", THEME_HEADERS),
    ("RA RB Tematik", "Rencana Aksi RB Tematik/Berdampak", TEMATIK_HEADERS),
    ("Realisasi per Triwulan", "Realisasi Rencana Aksi per Triwulan", REALISATION_HEADERS),
]


# Plans read per query (each chunk prefetches its own reports).
CHUNK = 2000
GENERAL = Q(theme__programme__kind=Programme.Kind.GENERAL)


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@functools.cache
def _labels(choices, language):
    return {value: str(label) for value, label in choices.choices}


def _label(choices, value):
    """A choice's label, translated once per export rather than once per cell (a lazy string's
    translation cost a third of a 5,000-row export)."""
    return _labels(choices, get_language()).get(value, value)


def _plan_values(n, plan, parent):
    reports = {r.quarter: r for r in plan.reports.all()}
    latest = max(reports) if reports else None
    last = reports.get(latest) if latest else None
    achievement = plan_achievement(plan, counted_realisations(reports.values()), 4)
    return [
        # a plan made before kegiatan utama / sasaran tematik existed exports with those cells empty
        n, plan.opd.name, plan.theme.code, plan.theme.name, parent.code if parent else "", parent.name if parent else "",
        plan.code, plan.goal, plan.problem, plan.expected_impact, plan.indicator, plan.unit, plan.formula,
        _number(plan.baseline), _number(plan.annual_target), _label(ActionPlan.TargetMode, plan.target_mode),
        *[_number(plan.target_for(q)) for q in QUARTERS],
        *[_number(reports[q].realisation) if q in reports else None for q in QUARTERS],
        *[_label(ProgressReport.Status, reports[q].status) if q in reports else "" for q in QUARTERS],
        round(achievement, 2), plan.activities, plan.outputs, plan.output_indicator, plan.output_unit,
        _number(plan.budget), plan.budget_source, "\n".join(plan.coordinator_list), "\n".join(plan.implementer_list),
        plan.person_in_charge, _number(plan.weight), last.obstacles if last else "", last.solutions if last else "",
        last.comment if last else "",
    ]


def _parent(plan):
    """The kegiatan utama of an RB General plan, the sasaran tematik of the others."""
    return plan.kegiatan_utama if plan.theme.programme.kind == Programme.Kind.GENERAL else plan.sasaran_tematik


def _with_reports(plans, *related):
    return plans_with_reports(plans).select_related("opd", "kegiatan_utama", "sasaran_tematik", *related)


def _plan_rows(plans):
    for n, plan in enumerate(_with_reports(plans).iterator(chunk_size=CHUNK), 1):
        yield _plan_values(n, plan, _parent(plan))


def _realisation_rows(*plan_sets):
    n = 0
    plans = (
        plan for plans in plan_sets
        for plan in _with_reports(plans).prefetch_related("reports__evidence").iterator(chunk_size=CHUNK)
    )
    for plan in plans:
        for report in plan.reports.all():  # in quarter order (plans_with_reports)
            n += 1
            target = plan.target_for(report.quarter)
            percent = (report.realisation / target * 100) if report.realisation is not None and target else None
            links = [e.url or (settings.SITE_URL.rstrip("/") + reverse("actionplans:evidence", args=[e.pk])) for e in report.evidence.all()]
            yield [
                n, plan.opd.name, plan.theme.programme.get_kind_display(), plan.code, plan.indicator, plan.unit,
                _number(plan.baseline), quarter_label(report.quarter), _number(target), _number(report.realisation),
                round(float(percent), 2) if percent is not None else None, _label(ProgressReport.Status, report.status),
                report.narrative, report.supporting_factors, report.obstacles, report.solutions, "\n".join(links),
            ]


def _plans(pemda, year, user):
    return ActionPlan.objects.visible_to(user).filter(opd__pemda=pemda, year=year).order_by("opd__code", "theme__order", "code")


def _sheet(index, pemda, year, rows):
    name, title, headers = SHEETS[index]
    return Sheet(name, rows, headings=[[f"{title} {pemda.name} Tahun {year}"], headers])


def _kegiatan_rows(pemda, year, user, general):
    plan_counts = dict(general.values_list("kegiatan_utama").annotate(n=Count("pk")).order_by())
    kegiatan = KegiatanUtama.objects.visible_to(user).filter(pemda=pemda, year=year).order_by("code")
    for n, k in enumerate(kegiatan, 1):
        yield [n, k.code, k.name, k.indicator, k.unit, _number(k.target), plan_counts.get(k.pk, 0)]


def _goal_rows(pemda, year, user, tematik):
    plan_counts = dict(tematik.values_list("sasaran_tematik").annotate(n=Count("pk")).order_by())
    goals = (SasaranTematik.objects.visible_to(user).filter(pemda=pemda, year=year)
             .select_related("theme").order_by("theme__order", "code"))
    for n, g in enumerate(goals, 1):
        yield [n, g.theme.code, g.theme.name, g.code, g.name, g.indicator, g.unit, _number(g.annual_target),
               plan_counts.get(g.pk, 0)]


def pemda_sheets(pemda, year, *, user):
    """The Portal RB sheets (SHEETS) of `pemda`'s data for `year` visible to `user`, their rows
    read lazily as the sheets are written: per sheet a fixed number of queries, whatever the size."""
    plans = _plans(pemda, year, user)
    general, tematik = plans.filter(GENERAL), plans.exclude(GENERAL)

    return [
        _sheet(0, pemda, year, _kegiatan_rows(pemda, year, user, general)),
        _sheet(1, pemda, year, _plan_rows(general)),
        _sheet(2, pemda, year, _goal_rows(pemda, year, user, tematik)),
        _sheet(3, pemda, year, _plan_rows(tematik)),
        _sheet(4, pemda, year, _realisation_rows(general, tematik)),
    ]


# A CSV holds one table: the plans of both plan sheets, "General" or "Tematik" first.
CSV_HEADERS = ["Jenis", *[h.format(parent_code="Kode Kegiatan Utama/Sasaran Tematik", parent="Kegiatan Utama/Sasaran Tematik")
                          for h in PLAN_HEADERS]]


def pemda_csv_rows(pemda, year, *, user):
    plans = _plans(pemda, year, user)
    yield CSV_HEADERS
    for kind, part in (("General", plans.filter(GENERAL)), ("Tematik", plans.exclude(GENERAL))):
        for values in _plan_rows(part):
            yield [kind, *values]


# The national workbook: every Pemda's plans, its name first; progress told every this many rows.
PROGRESS_EVERY = 1000


def _national_rows(plans, on_row):
    plans = plans.order_by("opd__pemda__province__code", "opd__pemda__regency__code", "opd__code", "theme__order", "code")
    for n, plan in enumerate(_with_reports(plans, "opd__pemda").iterator(chunk_size=CHUNK), 1):
        yield [plan.opd.pemda.name, *_plan_values(n, plan, _parent(plan))]
        on_row()


def write_national_export(year, *, user, fileobj, progress=None):
    """Write the plans of every Pemda visible to `user` for `year` into `fileobj` (xlsx, constant
    memory); returns the number of plans. `progress(done, total)` is called every
    PROGRESS_EVERY rows. The per-Pemda reference and realisation sheets are left out: each
    Pemda's own export has them, and the nation's would not fit the time a task is given."""
    plans = ActionPlan.objects.visible_to(user).filter(year=year)
    total = plans.count()
    done = 0

    def on_row():
        nonlocal done
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)

    write_xlsx(
        [
            Sheet("RA RB General", _national_rows(plans.filter(GENERAL), on_row),
                  headings=[[f"Rencana Aksi RB General Nasional Tahun {year}"], ["Pemda", *GENERAL_HEADERS]]),
            Sheet("RA RB Tematik", _national_rows(plans.exclude(GENERAL), on_row),
                  headings=[[f"Rencana Aksi RB Tematik/Berdampak Nasional Tahun {year}"], ["Pemda", *TEMATIK_HEADERS]]),
        ],
        fileobj,
    )
    return done
