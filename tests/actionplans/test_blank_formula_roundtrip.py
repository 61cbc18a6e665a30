"""#11.4: a downloaded blank re-uploaded unchanged changes nothing, also for formula-like cells.

Writing neutralises a cell that starts like a formula (a leading apostrophe); reading must undo
exactly that, or a plan coded `=1+1` comes back as `'=1+1` and is duplicated.
"""

import pytest

from actionplans import services
from actionplans.blank import build_blank
from actionplans.models import ActionPlan, ImportLog
from reformportal.spreadsheets import as_read_back

from .blank_helpers import as_upload
from .factories import make_plan

pytestmark = pytest.mark.django_db

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def _plans(opd):
    plans = []
    for i, lead in enumerate(TRIGGERS):
        plans.append(make_plan(
            opd, f"{lead}{i}+1", goal=f"{lead}HYPERLINK(\"x\") sasaran {i}", indicator=f"{lead}1+{i}",
            problem=f"{lead}masalah", expected_impact=f"{lead}dampak", activities=f"{lead}kegiatan\nkedua",
            outputs=f"{lead}output", budget_source=f"{lead}APBD", person_in_charge=f"{lead}Kepala",
            formula=f"{lead}rumus", output_indicator=f"{lead}output", output_unit=f"{lead}dok",
            coordinators=f"{lead}Biro\nBappeda", implementers=f"{lead}Dinas",
        ))
    plans.append(make_plan(opd, "=1+1", goal="=1+1", unit="-"))
    plans.append(make_plan(opd, "RA-09", goal="-12,5", indicator="'sudah berapostrof"))
    return plans


def _snapshot():
    return sorted(ActionPlan.objects.values_list(
        "pk", "code", "goal", "problem", "expected_impact", "indicator", "unit", "activities", "outputs",
        "budget_source", "person_in_charge", "formula", "output_indicator", "output_unit", "coordinators", "implementers",
        "updated_at",
    ))


def test_unchanged_blank_with_formula_like_cells_changes_nothing(cast, kegiatan_utama):
    plans = _plans(cast.dinkes)
    before = _snapshot()
    upload = as_upload(build_blank(cast.dinkes, 2025))

    preview = services.preview_blank(upload, opd=cast.dinkes, year=2025, by=cast.opd_admin)
    assert preview.errors == []
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, len(plans))
    # XML gives a CR back as LF (as_read_back); everything else comes back exactly
    assert {row["code"] for row in preview.rows} == {as_read_back(p.code) for p in plans}
    assert any(row["goal"] == "=1+1" for row in preview.rows)
    assert any(row["activities"] == "\tkegiatan\nkedua" for row in preview.rows)

    done = services.commit_import(preview.log, by=cast.opd_admin)
    assert (done.created, done.updated, done.unchanged) == (0, 0, len(plans))
    assert _snapshot() == before
    assert all(p.history.count() == 1 for p in ActionPlan.objects.all())
    assert ImportLog.objects.get().status == "committed"


def test_download_upload_pages_say_nothing_changes(cast, login, kegiatan_utama):
    from django.urls import reverse

    plans = _plans(cast.dinkes)
    before = _snapshot()
    client = login(cast.opd_admin)
    blank = client.get(reverse("actionplans:blank", args=[cast.dinkes.pk]) + "?tahun=2025")
    assert blank.status_code == 200
    upload = as_upload(b"".join(blank.streaming_content) if blank.streaming else blank.content)
    response = client.post(reverse("actionplans:upload", args=[cast.dinkes.pk]), {"tahun": 2025, "file": upload}, follow=True)
    assert "0 baru, 0 diperbarui, %s tidak berubah" % len(plans) in response.content.decode()
    assert _snapshot() == before
