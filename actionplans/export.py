"""Export of a Pemda's plans and progress for a year, in the structure of the national Portal RB.

Sheets: "RA RB General" (RB General action plans), "Tema dan Sasaran Tematik" (tematik or
berdampak themes with their goals), "RA RB Tematik" (tematik/berdampak action plans). Every
cell goes through reformportal.spreadsheets.neutralise (no formula injection).
"""

import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from reformportal.spreadsheets import neutralise

from .achievement import counted_realisations, plan_achievement
from .models import QUARTERS, ActionPlan, Programme, quarter_label
from .selectors import plans_with_reports

PLAN_HEADERS = [
    "No", "Perangkat Daerah", "Kode Tema/Area", "Tema/Area", "Kode RA", "Sasaran", "Permasalahan",
    "Dampak yang Diharapkan", "Indikator", "Satuan", "Target Tahunan", "Mode Target",
    *[f"Target {quarter_label(q)}" for q in QUARTERS], *[f"Realisasi {quarter_label(q)}" for q in QUARTERS],
    *[f"Status {quarter_label(q)}" for q in QUARTERS], "Capaian s.d. TW IV (%)", "Kegiatan", "Output",
    "Anggaran (Rp)", "Sumber Anggaran", "Penanggung Jawab", "Bobot", "Kendala", "Solusi", "Catatan Verifikator",
]
THEME_HEADERS = ["No", "Kode Tema", "Tema", "Sasaran", "Jumlah Rencana Aksi", "Perangkat Daerah"]


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


def _plan_values(n, plan):
    reports = {r.quarter: r for r in plan.reports.all()}
    latest = max(reports) if reports else None
    last = reports.get(latest) if latest else None
    achievement = plan_achievement(plan, counted_realisations(reports.values()), 4)
    return [
        n, plan.opd.name, plan.theme.code, plan.theme.name, plan.code, plan.goal, plan.problem, plan.expected_impact,
        plan.indicator, plan.unit, _number(plan.annual_target), plan.get_target_mode_display(),
        *[_number(plan.target_for(q)) for q in QUARTERS],
        *[_number(reports[q].realisation) if q in reports else None for q in QUARTERS],
        *[str(reports[q].get_status_display()) if q in reports else "" for q in QUARTERS],
        round(achievement, 2), plan.activities, plan.outputs, _number(plan.budget), plan.budget_source,
        plan.person_in_charge, _number(plan.weight), last.obstacles if last else "", last.solutions if last else "",
        last.comment if last else "",
    ]


def export_pemda(pemda, year, *, user):
    """xlsx bytes of every plan (and its progress) of `pemda` and `year` visible to `user`."""
    plans = list(
        plans_with_reports(ActionPlan.objects.visible_to(user).filter(opd__pemda=pemda, year=year))
        .select_related("opd")
        .order_by("opd__code", "theme__order", "code")
    )
    general = [p for p in plans if p.theme.programme.kind == Programme.Kind.GENERAL]
    tematik = [p for p in plans if p.theme.programme.kind != Programme.Kind.GENERAL]
    wb = openpyxl.Workbook(write_only=True)

    ws = wb.create_sheet("RA RB General")
    _row(ws, [f"Rencana Aksi RB General {pemda.name} Tahun {year}"], bold=True)
    _row(ws, PLAN_HEADERS, bold=True)
    for n, plan in enumerate(general, 1):
        _row(ws, _plan_values(n, plan))

    ws = wb.create_sheet("Tema dan Sasaran Tematik")
    _row(ws, [f"Tema dan Sasaran RB Tematik/Berdampak {pemda.name} Tahun {year}"], bold=True)
    _row(ws, THEME_HEADERS, bold=True)
    grouped = {}
    for plan in tematik:
        key = (plan.theme.code, plan.theme.name, plan.goal.strip())
        entry = grouped.setdefault(key, {"plans": 0, "opds": []})
        entry["plans"] += 1
        if plan.opd.name not in entry["opds"]:
            entry["opds"].append(plan.opd.name)
    for n, ((code, name, goal), entry) in enumerate(sorted(grouped.items()), 1):
        _row(ws, [n, code, name, goal, entry["plans"], "; ".join(entry["opds"])])

    ws = wb.create_sheet("RA RB Tematik")
    _row(ws, [f"Rencana Aksi RB Tematik/Berdampak {pemda.name} Tahun {year}"], bold=True)
    _row(ws, PLAN_HEADERS, bold=True)
    for n, plan in enumerate(tematik, 1):
        _row(ws, _plan_values(n, plan))

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
