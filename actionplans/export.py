"""Export of a Pemda's plans and progress for a year, in the structure of the national Portal RB.

Sheets: "RA RB General" (RB General action plans), "Tema dan Sasaran Tematik" (tematik or
berdampak themes with their goals), "RA RB Tematik" (tematik/berdampak action plans). The plans
are read in chunks and written as they come (reformportal.spreadsheets.write_xlsx, which passes
every cell through `neutralise`: no formula injection), so memory stays flat at any size.
"""

import functools

from django.db.models import Q
from django.utils.translation import get_language

from reformportal.spreadsheets import Sheet, write_xlsx

from .achievement import counted_realisations, plan_achievement
from .models import QUARTERS, ActionPlan, ProgressReport, Programme, quarter_label
from .selectors import plans_with_reports

PLAN_HEADERS = [
    "No", "Perangkat Daerah", "Kode Tema/Area", "Tema/Area", "Kode RA", "Sasaran", "Permasalahan",
    "Dampak yang Diharapkan", "Indikator", "Satuan", "Target Tahunan", "Mode Target",
    *[f"Target {quarter_label(q)}" for q in QUARTERS], *[f"Realisasi {quarter_label(q)}" for q in QUARTERS],
    *[f"Status {quarter_label(q)}" for q in QUARTERS], "Capaian s.d. TW IV (%)", "Kegiatan", "Output",
    "Anggaran (Rp)", "Sumber Anggaran", "Penanggung Jawab", "Bobot", "Kendala", "Solusi", "Catatan Verifikator",
]
THEME_HEADERS = ["No", "Kode Tema", "Tema", "Sasaran", "Jumlah Rencana Aksi", "Perangkat Daerah"]


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


def _plan_values(n, plan):
    reports = {r.quarter: r for r in plan.reports.all()}
    latest = max(reports) if reports else None
    last = reports.get(latest) if latest else None
    achievement = plan_achievement(plan, counted_realisations(reports.values()), 4)
    return [
        n, plan.opd.name, plan.theme.code, plan.theme.name, plan.code, plan.goal, plan.problem, plan.expected_impact,
        plan.indicator, plan.unit, _number(plan.annual_target), _label(ActionPlan.TargetMode, plan.target_mode),
        *[_number(plan.target_for(q)) for q in QUARTERS],
        *[_number(reports[q].realisation) if q in reports else None for q in QUARTERS],
        *[_label(ProgressReport.Status, reports[q].status) if q in reports else "" for q in QUARTERS],
        round(achievement, 2), plan.activities, plan.outputs, _number(plan.budget), plan.budget_source,
        plan.person_in_charge, _number(plan.weight), last.obstacles if last else "", last.solutions if last else "",
        last.comment if last else "",
    ]


def _plans(pemda, year, user):
    return ActionPlan.objects.visible_to(user).filter(opd__pemda=pemda, year=year).order_by("opd__code", "theme__order", "code")


def _plan_rows(plans):
    for n, plan in enumerate(plans_with_reports(plans).select_related("opd").iterator(chunk_size=CHUNK), 1):
        yield _plan_values(n, plan)


def _theme_rows(plans):
    """One row per (theme, goal): how many plans and which agencies, in plan order."""
    grouped = {}
    for code, name, goal, opd in plans.values_list("theme__code", "theme__name", "goal", "opd__name").iterator(chunk_size=CHUNK):
        entry = grouped.setdefault((code, name, goal.strip()), {"plans": 0, "opds": {}})
        entry["plans"] += 1
        entry["opds"].setdefault(opd)
    for n, ((code, name, goal), entry) in enumerate(sorted(grouped.items()), 1):
        yield [n, code, name, goal, entry["plans"], "; ".join(entry["opds"])]


def pemda_csv_rows(pemda, year, *, user):
    """The plans of both plan sheets as one table for CSV, "General" or "Tematik" first."""
    plans = _plans(pemda, year, user)
    yield ["Jenis", *PLAN_HEADERS]
    for kind, part in (("General", plans.filter(GENERAL)), ("Tematik", plans.exclude(GENERAL))):
        for values in _plan_rows(part):
            yield [kind, *values]


def pemda_sheets(pemda, year, *, user):
    """The sheets of every plan (and its progress) of `pemda` and `year` visible to `user`
    (rows read lazily, as the sheets are written)."""
    plans = _plans(pemda, year, user)
    general, tematik = plans.filter(GENERAL), plans.exclude(GENERAL)
    return [
        Sheet("RA RB General", _plan_rows(general),
              headings=[[f"Rencana Aksi RB General {pemda.name} Tahun {year}"], PLAN_HEADERS]),
        Sheet("Tema dan Sasaran Tematik", _theme_rows(tematik),
              headings=[[f"Tema dan Sasaran RB Tematik/Berdampak {pemda.name} Tahun {year}"], THEME_HEADERS]),
        Sheet("RA RB Tematik", _plan_rows(tematik),
              headings=[[f"Rencana Aksi RB Tematik/Berdampak {pemda.name} Tahun {year}"], PLAN_HEADERS]),
    ]


# The national workbook: every Pemda's plans, its name first; progress told every this many rows.
NATIONAL_HEADERS = ["Pemda", *PLAN_HEADERS]
PROGRESS_EVERY = 1000


def _national_rows(plans, on_row):
    plans = plans.select_related("opd__pemda").order_by(
        "opd__pemda__province__code", "opd__pemda__regency__code", "opd__code", "theme__order", "code"
    )
    for n, plan in enumerate(plans_with_reports(plans).iterator(chunk_size=CHUNK), 1):
        yield [plan.opd.pemda.name, *_plan_values(n, plan)]
        on_row()


def write_national_export(year, *, user, fileobj, progress=None):
    """Write the plans of every Pemda visible to `user` for `year` into `fileobj` (xlsx, constant
    memory); returns the number of plans. `progress(done, total)` is called every
    PROGRESS_EVERY rows. The per-Pemda themes sheet is left out: its grouping would hold the
    nation's goals in memory, and each Pemda's own export has it."""
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
                  headings=[[f"Rencana Aksi RB General Nasional Tahun {year}"], NATIONAL_HEADERS]),
            Sheet("RA RB Tematik", _national_rows(plans.exclude(GENERAL), on_row),
                  headings=[[f"Rencana Aksi RB Tematik/Berdampak Nasional Tahun {year}"], NATIONAL_HEADERS]),
        ],
        fileobj,
    )
    return done
