"""Export of a Pemda's plans and progress for a year, in the structure of the national Portal RB.

Sheets (SHEETS), in the national portal's order: "Kegiatan Utama" (main RB General activities
with their indicators), "RA RB General" (RB General action plans), "Tema dan Sasaran Tematik"
(tematik or berdampak themes with their goals), "RA RB Tematik" (tematik/berdampak action plans)
and "Realisasi per Triwulan" (each report with its supporting and inhibiting factors and the
links of its evidence). Every cell goes through reformportal.spreadsheets.neutralise (no formula
injection).
"""

import io
from collections import Counter

import openpyxl
from django.conf import settings
from django.urls import reverse
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from reformportal.spreadsheets import neutralise

from .achievement import counted_realisations, plan_achievement
from .models import QUARTERS, ActionPlan, KegiatanUtama, Programme, SasaranTematik, quarter_label
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


def _row(ws, values, bold=False):
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=neutralise(value))
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plan_values(n, plan, parent):
    reports = {r.quarter: r for r in plan.reports.all()}
    latest = max(reports) if reports else None
    last = reports.get(latest) if latest else None
    achievement = plan_achievement(plan, counted_realisations(reports.values()), 4)
    return [
        # a plan made before kegiatan utama / sasaran tematik existed exports with those cells empty
        n, plan.opd.name, plan.theme.code, plan.theme.name, parent.code if parent else "", parent.name if parent else "",
        plan.code, plan.goal, plan.problem, plan.expected_impact, plan.indicator, plan.unit, plan.formula,
        _number(plan.baseline), _number(plan.annual_target), plan.get_target_mode_display(),
        *[_number(plan.target_for(q)) for q in QUARTERS],
        *[_number(reports[q].realisation) if q in reports else None for q in QUARTERS],
        *[str(reports[q].get_status_display()) if q in reports else "" for q in QUARTERS],
        round(achievement, 2), plan.activities, plan.outputs, plan.output_indicator, plan.output_unit,
        _number(plan.budget), plan.budget_source, "\n".join(plan.coordinator_list), "\n".join(plan.implementer_list),
        plan.person_in_charge, _number(plan.weight), last.obstacles if last else "", last.solutions if last else "",
        last.comment if last else "",
    ]


def _realisation_rows(plans):
    n = 0
    for plan in plans:
        for report in sorted(plan.reports.all(), key=lambda r: r.quarter):
            n += 1
            target = plan.target_for(report.quarter)
            percent = (report.realisation / target * 100) if report.realisation is not None and target else None
            links = [e.url or (settings.SITE_URL.rstrip("/") + reverse("actionplans:evidence", args=[e.pk])) for e in report.evidence.all()]
            yield [
                n, plan.opd.name, plan.theme.programme.get_kind_display(), plan.code, plan.indicator, plan.unit,
                _number(plan.baseline), quarter_label(report.quarter), _number(target), _number(report.realisation),
                round(float(percent), 2) if percent is not None else None, str(report.get_status_display()),
                report.narrative, report.supporting_factors, report.obstacles, report.solutions, "\n".join(links),
            ]


def _sheet(wb, index, pemda, year, rows):
    name, title, headers = SHEETS[index]
    ws = wb.create_sheet(name)
    _row(ws, [f"{title} {pemda.name} Tahun {year}"], bold=True)
    _row(ws, headers, bold=True)
    for values in rows:
        _row(ws, values)


def export_pemda(pemda, year, *, user):
    """xlsx bytes of `pemda`'s Portal RB data for `year` visible to `user`, sheet by sheet as the
    national portal has them (SHEETS). Seven queries: kegiatan utama, sasaran tematik, plans (with
    OPD, theme, kegiatan utama and sasaran tematik joined), their reports, the reports' evidence
    (the realisation sheet's links)."""
    plans = list(
        plans_with_reports(ActionPlan.objects.visible_to(user).filter(opd__pemda=pemda, year=year))
        .select_related("opd", "kegiatan_utama", "sasaran_tematik")
        .prefetch_related("reports__evidence")
        .order_by("opd__code", "theme__order", "code")
    )
    general = [p for p in plans if p.theme.programme.kind == Programme.Kind.GENERAL]
    tematik = [p for p in plans if p.theme.programme.kind != Programme.Kind.GENERAL]
    kegiatan = KegiatanUtama.objects.visible_to(user).filter(pemda=pemda, year=year).order_by("code")
    goals = SasaranTematik.objects.visible_to(user).filter(pemda=pemda, year=year).select_related("theme").order_by("theme__order", "code")
    per_kegiatan = Counter(p.kegiatan_utama_id for p in general)
    per_goal = Counter(p.sasaran_tematik_id for p in tematik)
    wb = openpyxl.Workbook(write_only=True)
    _sheet(wb, 0, pemda, year, (
        [n, k.code, k.name, k.indicator, k.unit, _number(k.target), per_kegiatan[k.pk]] for n, k in enumerate(kegiatan, 1)
    ))
    _sheet(wb, 1, pemda, year, (_plan_values(n, p, p.kegiatan_utama) for n, p in enumerate(general, 1)))
    _sheet(wb, 2, pemda, year, (
        [n, g.theme.code, g.theme.name, g.code, g.name, g.indicator, g.unit, _number(g.annual_target), per_goal[g.pk]]
        for n, g in enumerate(goals, 1)
    ))
    _sheet(wb, 3, pemda, year, (_plan_values(n, p, p.sasaran_tematik) for n, p in enumerate(tematik, 1)))
    _sheet(wb, 4, pemda, year, _realisation_rows(general + tematik))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
