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
import itertools
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language

from reformportal.spreadsheets import Sheet, write_xlsx

from .achievement import achievement_from_targets, counted_realisations
from .models import (
    QUARTERS,
    ActionPlan,
    Evidence,
    KegiatanUtama,
    Programme,
    ProgressReport,
    SasaranTematik,
    nonblank_lines,
    quarter_label,
)

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


# Plans read per query; each chunk's reports (and, on the realisation sheet, each chunk's
# evidence) come in one more query.
CHUNK = 2000
# The plan sheets' order, which the realisation sheet follows report by report.
PLAN_ORDER = ("opd__code", "theme__order", "code")
GENERAL = Q(theme__programme__kind=Programme.Kind.GENERAL)

# The columns a plan row is made of. Plans and reports are read as named tuples, not model
# instances: building 50,000 plans and 150,000 reports through a prefetch was most of an
# export's time (issue 17).
PLAN_FIELDS = (
    "pk", "opd__name", "theme__code", "theme__name", "theme__programme__kind", "kegiatan_utama__code",
    "kegiatan_utama__name", "sasaran_tematik__code", "sasaran_tematik__name", "code", "goal", "problem",
    "expected_impact", "indicator", "unit", "formula", "baseline", "annual_target", "target_mode",
    *[f"target_q{q}" for q in QUARTERS], "activities", "outputs", "output_indicator", "output_unit", "budget",
    "budget_source", "coordinators", "implementers", "person_in_charge", "weight",
)
REPORT_FIELDS = ("plan_id", "quarter", "status", "realisation", "obstacles", "solutions", "comment")
REALISATION_FIELDS = (
    "pk", "plan__opd__name", "plan__theme__programme__kind", "plan__code", "plan__indicator", "plan__unit",
    "plan__baseline", *[f"plan__target_q{q}" for q in QUARTERS], "quarter", "realisation", "status", "narrative",
    "supporting_factors", "obstacles", "solutions",
)


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@functools.cache
def _labels(choices, language):
    return {value: str(label) for value, label in choices.choices}


def _labels_now(choices):
    """A choice's labels in the active language, translated once per export rather than once per
    cell (a lazy string's translation cost a third of a 5,000-row export)."""
    return _labels(choices, get_language())


def _plan_labels():
    """The labels a plan row prints: (target modes, report statuses)."""
    return _labels_now(ActionPlan.TargetMode), _labels_now(ProgressReport.Status)


def _plans_with_reports(plans, *fields):
    """(plan, reports) of each plan, in the plans' order: the plan a named tuple of PLAN_FIELDS
    (and `fields`), its reports named tuples of REPORT_FIELDS in quarter order; two queries per
    CHUNK plans."""
    rows = plans.values_list(*PLAN_FIELDS, *fields, named=True).iterator(chunk_size=CHUNK)
    for chunk in itertools.batched(rows, CHUNK):
        reports = defaultdict(list)
        chunk_reports = (ProgressReport.objects.filter(plan_id__in=[plan.pk for plan in chunk])
                         .order_by("plan_id", "quarter").values_list(*REPORT_FIELDS, named=True))
        for report in chunk_reports:
            reports[report.plan_id].append(report)
        for plan in chunk:
            yield plan, reports.get(plan.pk, ())


def _plan_rows(plans):
    """The rows of a plan sheet; the CSV's and the national export's rows are these too."""
    labels = _plan_labels()
    for n, (plan, reports) in enumerate(_plans_with_reports(plans), 1):
        yield _plan_values(n, plan, reports, *labels)


def _plan_values(n, plan, reports, target_modes, statuses):
    by_quarter = {r.quarter: r for r in reports}
    last = reports[-1] if reports else None
    targets = [getattr(plan, f"target_q{q}") for q in QUARTERS]
    achievement = achievement_from_targets(plan.target_mode, targets, counted_realisations(reports), 4)
    # a plan made before kegiatan utama / sasaran tematik existed exports with those cells empty
    if plan.theme__programme__kind == Programme.Kind.GENERAL:
        parent_code, parent_name = plan.kegiatan_utama__code, plan.kegiatan_utama__name
    else:
        parent_code, parent_name = plan.sasaran_tematik__code, plan.sasaran_tematik__name
    return [
        n, plan.opd__name, plan.theme__code, plan.theme__name, parent_code or "", parent_name or "",
        plan.code, plan.goal, plan.problem, plan.expected_impact, plan.indicator, plan.unit, plan.formula,
        _number(plan.baseline), _number(plan.annual_target), target_modes.get(plan.target_mode, plan.target_mode),
        *[_number(target) for target in targets],
        *[_number(by_quarter[q].realisation) if q in by_quarter else None for q in QUARTERS],
        *[statuses.get(by_quarter[q].status, by_quarter[q].status) if q in by_quarter else "" for q in QUARTERS],
        round(achievement, 2), plan.activities, plan.outputs, plan.output_indicator, plan.output_unit,
        _number(plan.budget), plan.budget_source, "\n".join(nonblank_lines(plan.coordinators)),
        "\n".join(nonblank_lines(plan.implementers)), plan.person_in_charge, _number(plan.weight),
        last.obstacles if last else "", last.solutions if last else "", last.comment if last else "",
    ]


def _realisation_rows(*plan_sets):
    """Each report of the plans, plan by plan in the plan sheets' order, then by triwulan: read
    with their plan's columns joined (named tuples), each chunk's evidence links in one query."""
    programmes, statuses = _labels_now(Programme.Kind), _labels_now(ProgressReport.Status)
    site = settings.SITE_URL.rstrip("/")
    n = 0
    for plans in plan_sets:
        reports = (ProgressReport.objects.filter(plan__in=plans.order_by())
                   .order_by(*[f"plan__{field}" for field in PLAN_ORDER], "plan_id", "quarter")
                   .values_list(*REALISATION_FIELDS, named=True).iterator(chunk_size=CHUNK))
        for chunk in itertools.batched(reports, CHUNK):
            links = defaultdict(list)
            evidence = Evidence.objects.filter(report_id__in=[r.pk for r in chunk]).values_list("report_id", "pk", "url")
            for report_id, pk, url in evidence:  # in Evidence's order (report, pk)
                links[report_id].append(url or site + reverse("actionplans:evidence", args=[pk]))
            for r in chunk:
                n += 1
                target = getattr(r, f"plan__target_q{r.quarter}")
                percent = (r.realisation / target * 100) if r.realisation is not None and target else None
                kind = r.plan__theme__programme__kind
                yield [
                    n, r.plan__opd__name, programmes.get(kind, kind), r.plan__code, r.plan__indicator, r.plan__unit,
                    _number(r.plan__baseline), quarter_label(r.quarter), _number(target), _number(r.realisation),
                    round(float(percent), 2) if percent is not None else None,
                    statuses.get(r.status, r.status), r.narrative, r.supporting_factors, r.obstacles, r.solutions,
                    "\n".join(links.get(r.pk, ())),
                ]


def _plans(pemda, year, user):
    return ActionPlan.objects.visible_to(user).filter(opd__pemda=pemda, year=year).order_by(*PLAN_ORDER)


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
    labels = _plan_labels()
    for n, (plan, reports) in enumerate(_plans_with_reports(plans, "opd__pemda__name"), 1):
        yield [plan.opd__pemda__name, *_plan_values(n, plan, reports, *labels)]
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
