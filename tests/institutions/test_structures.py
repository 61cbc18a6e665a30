"""SOTK per agency, dated, with its legal basis; the org chart as SVG and as a printable PDF."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from institutions.models import OrganisationStructure

from .helpers import make_structure

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_new_structure_is_a_new_dated_version_and_keeps_the_old(cast, login):
    old = make_structure(cast.pky_dinkes, valid_from=datetime.date(2017, 1, 2))
    client = login(cast.bagian)
    response = client.post(reverse("institutions:structure_create", args=[cast.pky_dinkes.pk]), {
        "valid_from": "2022-01-03", "perda_number": "Perda 3/2021", "perda_date": "2021-06-01",
        "perkada_number": "Perwali 40/2021", "perkada_date": "2021-12-01", "copy_units": "on",
        "legal_file": SimpleUploadedFile("perwali.pdf", PDF, content_type="application/pdf"),
    })
    new = OrganisationStructure.objects.get(opd=cast.pky_dinkes, valid_from=datetime.date(2022, 1, 3))
    assert response.status_code == 302
    assert new.units.count() == old.units.count() == 5
    assert new.units.get(name="Subbagian Umum").parent.name == "Sekretariat"
    assert OrganisationStructure.objects.filter(opd=cast.pky_dinkes).count() == 2
    assert new.legal_file_name == "perwali.pdf"
    download = client.get(reverse("institutions:structure_file", args=[new.pk]))
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("institutions:opd", args=[cast.pky_dinkes.pk])).content.decode()
    assert "Perwali 40/2021" in page and "<svg" in page


def test_a_refused_upload_writes_nothing(cast, login):
    response = login(cast.bagian).post(reverse("institutions:structure_create", args=[cast.pky_dinkes.pk]), {
        "valid_from": "2022-01-03", "legal_file": SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
    })
    assert response.status_code == 200
    assert not OrganisationStructure.objects.exists()


def test_the_org_chart_prints(cast, login):
    structure = make_structure(cast.dinkes, bidang=("Bidang Pelayanan Kesehatan", "Bidang Kesehatan Masyarakat",
                                                    "Bidang Pencegahan dan Pengendalian Penyakit"))
    for language in ("id", "en"):
        client = login(cast.opd_admin)
        client.cookies["django_language"] = language
        response = client.get(reverse("institutions:structure_pdf", args=[structure.pk]), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_the_svg_uses_dots_in_coordinates(cast, login, settings):
    structure = make_structure(cast.dinkes)
    client = login(cast.biro)
    html = client.get(reverse("institutions:structure", args=[structure.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    numbers = re.findall(r' (?:x|y|width|height|viewBox)="([^"]+)"', svg)
    assert numbers and all(re.fullmatch(r"[\d. ]+", n) for n in numbers)
    assert re.search(r' d="M[\d.]+ [\d.]+ V', svg)


def test_units_are_added_in_the_same_structure_only(cast, login):
    structure = make_structure(cast.pky_dinkes)
    other = make_structure(cast.pky_disdik)
    client = login(cast.bagian)
    client.post(reverse("institutions:unit_add", args=[structure.pk]), {
        "parent": other.units.first().pk, "name": "UPTD X", "kind": "uptd", "level": "IV.a", "order": 9,
    })
    assert not structure.units.filter(name="UPTD X").exists()
    client.post(reverse("institutions:unit_add", args=[structure.pk]), {
        "parent": structure.units.get(kind="agency").pk, "name": "UPTD Laboratorium", "kind": "uptd",
        "level": "IV.a", "order": 9, "duties": "",
    })
    assert structure.units.filter(name="UPTD Laboratorium").exists()


def test_other_scopes(cast, login):
    structure = make_structure(cast.pky_dinkes)
    assert login(cast.biro_other).get(reverse("institutions:structure", args=[structure.pk])).status_code == 404
    assert login(cast.opd_admin).get(reverse("institutions:structure", args=[structure.pk])).status_code == 404
    assert login(cast.biro).get(reverse("institutions:structure", args=[structure.pk])).status_code == 200
    assert login(cast.leader).post(reverse("institutions:unit_add", args=[structure.pk]), {}).status_code == 403
    assert login(cast.bagian_other).post(reverse("institutions:unit_add", args=[structure.pk]), {}).status_code == 404
    assert login(cast.inspector).post(reverse("institutions:structure_create", args=[cast.dinkes.pk]),
                                      {"valid_from": "2025-01-01"}).status_code == 403


def test_the_legal_basis_is_corrected_and_audited(cast, login):
    structure = make_structure(cast.pky_dinkes)
    client = login(cast.bagian)
    response = client.post(reverse("institutions:structure_edit", args=[structure.pk]), {
        "perda_number": "Perda 3/2021", "perda_date": "2021-06-01", "perkada_number": "Perwali 41/2021",
        "perkada_date": "", "legal_file": SimpleUploadedFile("perwali-41.pdf", PDF, content_type="application/pdf"),
    })
    structure.refresh_from_db()
    assert response.status_code == 302
    assert (structure.perkada_number, structure.legal_file_name) == ("Perwali 41/2021", "perwali-41.pdf")
    assert structure.history.first().history_user == cast.bagian
    assert login(cast.opd_admin).get(reverse("institutions:structure_edit", args=[structure.pk])).status_code == 404
