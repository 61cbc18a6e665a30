"""The blank preview says what each row will do, shows where a bad cell is, and offers to upload again."""

import re

import pytest
from django.urls import reverse

from actionplans import services
from actionplans.blank import build_blank
from actionplans.models import ActionPlan

from .blank_helpers import ROW, as_upload, fill

pytestmark = pytest.mark.django_db


def upload(client, cast, content):
    url = reverse("actionplans:upload", args=[cast.dinkes.pk])
    return client.post(url, {"tahun": "2025", "file": as_upload(content)}, follow=True)


def rows_of(html):
    return dict(re.findall(r'<tr data-testid="preview-row" data-status="(\w*)"[^>]*>\s*<td>(\d+)</td>', html)[i][::-1]
                for i in range(len(re.findall(r'data-testid="preview-row"', html))))


def test_each_row_is_marked_new_updated_or_unchanged(cast, login, kegiatan_utama):
    services.import_blank(as_upload(fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02"}])),
                          opd=cast.dinkes, year=2025, by=cast.opd_admin)
    assert ActionPlan.objects.count() == 2
    content = fill(build_blank(cast.dinkes, 2025), [
        ROW, {**ROW, "code": "RA-02", "indicator": "Persentase layanan terpadu"}, {**ROW, "code": "RA-03"},
    ])
    client = login(cast.opd_admin)
    html = upload(client, cast, content).content.decode()
    assert rows_of(html) == {"5": "skip", "6": "update", "7": "new"}
    assert html.count("badge badge-ok\">baru<") == 2  # the legend and row 7
    assert "data-testid=\"reupload\"" not in html  # a clean preview is confirmed, not uploaded again
    assert ActionPlan.objects.count() == 2  # a preview writes nothing


def test_a_refused_upload_marks_the_bad_cell_and_offers_to_upload_again(cast, login, kegiatan_utama):
    content = fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02", "target_q3": "12,5,0"}])
    client = login(cast.opd_admin)
    response = upload(client, cast, content)
    html = response.content.decode()
    assert rows_of(html) == {"5": "", "6": "invalid"}
    bad = re.findall(r'<td class="[^"]*cell-bad" title="([^"]+)" data-testid="bad-cell">', html)
    assert len(bad) == 1 and bad[0]  # only TW III of row 6, with its reason
    row6 = html[html.index('<td>6</td>'):]
    cells = re.findall(r"<td[^>]*>", row6.split("</tr>")[0])
    assert "cell-bad" in cells[8]  # Baris, Status, Kode, Tema, Indikator, Target tahunan, TW I, TW II, TW III
    form = html[html.index('data-testid="reupload"') - 200:]
    assert reverse("actionplans:upload", args=[cast.dinkes.pk]) in form and 'type="file"' in form
    assert "Unggah ulang" in form
    assert ActionPlan.objects.count() == 0

    # Uploading the corrected file from that form gives a clean preview.
    fixed = fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02"}])
    html = upload(client, cast, fixed).content.decode()
    assert rows_of(html) == {"5": "new", "6": "new"} and "cell-bad" not in html.split("<tbody>")[1]


def test_a_bad_cell_outside_the_shown_columns_is_named_in_its_row(cast, login):
    content = fill(build_blank(cast.dinkes, 2025), [{**ROW, "weight": 0}])
    html = upload(login(cast.opd_admin), cast, content).content.decode()
    assert rows_of(html) == {"5": "invalid"}
    assert re.search(r'<div class="cell-error small">Bobot[^<]*: bobot harus lebih dari 0</div>', html)


def test_a_read_only_user_gets_no_upload_form(cast, login):
    content = fill(build_blank(cast.dinkes, 2025), [{**ROW, "target_q3": "12,5,0"}])
    log = services.preview_blank(as_upload(content), opd=cast.dinkes, year=2025, by=cast.opd_admin).log
    html = login(cast.leader).get(reverse("actionplans:import", args=[log.pk])).content.decode()
    assert 'data-testid="reupload"' not in html
