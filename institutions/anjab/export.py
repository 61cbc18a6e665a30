"""The Biro's ABK overview as xlsx; every cell goes through neutralise (formula-safe)."""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from reformportal.spreadsheets import neutralise

from .models import Abk


def overview_xlsx(data):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap ABK"
    ws.append([neutralise(_("Rekap Anjab/ABK tahun %(year)s") % {"year": data.year})])
    ws.append([])
    headers = [_("Pemda"), _("Kode OPD"), _("Perangkat daerah"), _("Status ABK"), _("Jumlah jabatan"),
               _("Beban kerja (menit)"), _("Kebutuhan (pasti)"), _("Kebutuhan"), _("Pemangku"), _("Selisih"), _("EJ"), _("PEJ")]
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    labels = dict(Abk.Status.choices) | {"none": _("Belum ada")}
    for block in data.pemdas:
        for line in block.agencies:
            t = line.totals
            ws.append([neutralise(v) for v in (
                str(block.pemda), line.opd.code, line.opd.name, str(labels[line.status]), t.positions,
                float(t.workload_minutes), float(t.needed_exact), t.needed, t.in_post, t.gap,
                None if t.ej is None else float(t.ej), t.grade,
            )])
    t = data.totals
    ws.append([neutralise(_("Jumlah")), None, None, None, t.positions, float(t.workload_minutes), float(t.needed_exact),
               t.needed, t.in_post, t.gap, None if t.ej is None else float(t.ej), t.grade])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
