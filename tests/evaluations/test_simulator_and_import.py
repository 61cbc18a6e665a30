from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations import services
from evaluations.models import FrameworkNode, Lhe, Score
from tests.security.hostile import xlsx_bytes

from .helpers import HAND_SCORES, hand_framework, make_lhe

pytestmark = pytest.mark.django_db


def xlsx(rows, name="lke.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows))


@pytest.fixture
def scored_lhe(cast):
    fw, nodes = hand_framework(2030)
    lhe = make_lhe(cast, year=2030)
    services.set_scores(lhe, {nodes[c]: Decimal(v) for c, v in HAND_SCORES.items()}, by=cast.biro)
    lhe.refresh_from_db()
    return lhe


def test_the_simulator_page_shows_gaps_and_the_smallest_improvement(cast, login, scored_lhe):
    page = login(cast.biro).get(reverse("evaluations:lhe_simulator", args=[scored_lhe.pk]))
    assert page.status_code == 200
    next_band, target = page.context["result"]["next"], page.context["result"]["target"]
    assert [s.node.code for s in next_band.steps] == ["A.2.a"]
    assert [s.node.code for s in target.steps] == ["A.2.a", "B.1.a"]
    html = page.content.decode()
    assert html.count('data-testid="suggestion-B"') == 1 and html.count('data-testid="suggestion-BB"') == 1
    assert "nilai 3,00 → 3,76 (maks. 5,00)" in html and "Cukup +4,56 poin indeks" in html
    gaps = {r.node.code: r.gap_display for r in page.context["result"]["components"]}
    assert gaps == {"A": Decimal("22.000"), "A.1": Decimal("10.000"), "A.2": Decimal("12.000"),
                    "B": Decimal("22.501"), "B.1": Decimal("22.501")}  # 40 - 17.4995 = 22.5005, shown half up


def test_what_if_values_are_computed_and_nothing_is_saved(cast, login, scored_lhe, django_assert_num_queries):
    a2a = FrameworkNode.objects.get(framework=scored_lhe.framework, code="A.2.a")
    b1a = FrameworkNode.objects.get(framework=scored_lhe.framework, code="B.1.a")
    before = list(Score.objects.order_by("pk").values_list("node_id", "value"))
    client = login(cast.biro)
    response = client.post(
        reverse("evaluations:lhe_simulator", args=[scored_lhe.pk]), {f"node_{a2a.pk}": "5", f"node_{b1a.pk}": "1"}
    )
    assert response.status_code == 200
    assert response.context["what_if"]["index"] == Decimal("80.00")  # 55.4995 + 12 + 12.5
    assert response.context["what_if"]["predikat"] == "BB"
    assert list(Score.objects.order_by("pk").values_list("node_id", "value")) == before
    assert Lhe.objects.get(pk=scored_lhe.pk).index == Decimal("55.50")


def test_what_if_rejects_values_above_the_maximum(cast, login, scored_lhe):
    a2a = FrameworkNode.objects.get(framework=scored_lhe.framework, code="A.2.a")
    response = login(cast.biro).post(reverse("evaluations:lhe_simulator", args=[scored_lhe.pk]), {f"node_{a2a.pk}": "6"})
    assert response.context["what_if"] is None and response.context["form"].errors


# --- import ----------------------------------------------------------------------------------------


def test_a_good_worksheet_is_previewed_then_saved(cast, login, scored_lhe):
    client = login(cast.biro)
    url = reverse("evaluations:lhe_import_scores", args=[scored_lhe.pk])
    sheet = xlsx([["Kode", "Unsur", "Nilai"], ["A.1.a", "x", 1], ["A.2.a", "x", "4,5"], ["B.1.b", "x", "50.5"]])
    preview = client.post(url, {"file": sheet})
    assert preview.status_code == 200 and preview.context["preview"]["count"] == 3
    assert preview.context["preview"]["note"] == "Setelah impor, indeks RB menjadi 69,58 (predikat B); sekarang 55,50."
    assert Lhe.objects.get(pk=scored_lhe.pk).index == Decimal("55.50")  # nothing written by the preview
    done = client.post(url, {"token": preview.context["preview"]["token"]})
    assert done.status_code == 302
    lhe = Lhe.objects.get(pk=scored_lhe.pk)
    # A.1.a 10 + A.1.b 12.5 + A.2.a 27 + B.1.a 12.5 + B.1.b 7.575 = 69.575 → 69.58
    assert lhe.index == Decimal("69.58")


def test_a_bad_worksheet_writes_nothing_and_names_every_bad_row_and_column(cast, login, scored_lhe):
    before = list(Score.objects.order_by("pk").values_list("node_id", "value"))
    sheet = xlsx([
        ["Kode", "Unsur", "Nilai"],
        ["A.1.a", "baik", 1],          # row 2: fine
        ["A.9.z", "salah kode", 1],    # row 3: Kode unknown
        ["A.1.b", "", "12,5,0"],       # row 4: Nilai not a number
        ["A.2.a", "", 6],              # row 5: Nilai above 5
        ["", "", ""],
        ["B.1.a", "", "1.234,5"],      # row 7 (after a blank line): ambiguous number
        ["A.1.a", "", 0.5],            # row 8: duplicate code
    ])
    page = login(cast.biro).post(reverse("evaluations:lhe_import_scores", args=[scored_lhe.pk]), {"file": sheet})
    errors = page.context["errors"]
    text = "\n".join(errors)
    assert "Baris 3, kolom Kode: kode 'A.9.z' tidak ada" in text
    assert "Baris 4, kolom Nilai: '12,5,0' bukan angka" in text
    assert "Baris 5, kolom Nilai: Unsur A.2.a: nilai 6 melebihi maksimum 5." in text
    assert "Baris 7, kolom Nilai: '1.234,5' bukan angka" in text
    assert "Baris 8, kolom Kode: kode A.1.a muncul lebih dari sekali" in text
    assert len(errors) == 5
    assert page.context["preview"] is None
    assert list(Score.objects.order_by("pk").values_list("node_id", "value")) == before
    assert Lhe.objects.get(pk=scored_lhe.pk).index == Decimal("55.50")


def test_a_worksheet_without_the_value_column_is_refused(cast, login, scored_lhe):
    page = login(cast.biro).post(
        reverse("evaluations:lhe_import_scores", args=[scored_lhe.pk]), {"file": xlsx([["Kode", "Skor"], ["A.1.a", 1]])}
    )
    assert any("Kolom wajib tidak ditemukan: Nilai" in e for e in page.context["errors"])


def test_a_non_xlsx_file_is_refused_by_the_upload_gate(cast, login, scored_lhe):
    page = login(cast.biro).post(
        reverse("evaluations:lhe_import_scores", args=[scored_lhe.pk]),
        {"file": SimpleUploadedFile("lke.xlsm", b"PK\x03\x04 macro")},
    )
    assert page.context["form"].errors and not page.context["preview"]


def test_a_tree_is_imported_into_a_new_framework(cast, login):
    from evaluations.models import Framework

    cast.superuser.refresh_from_db()
    fw = Framework.objects.create(name="RB Berdampak", year_from=2025, year_to=None, max_total=Decimal("100"))
    Framework.objects.filter(year_from=2023).update(year_to=2024)
    client = login(cast.superuser)
    url = reverse("evaluations:framework_import", args=[fw.pk])
    sheet = xlsx([
        ["Kode", "Induk", "Jenis", "Nama", "Bobot", "Nilai maksimum", "Urutan"],
        ["D", "", "komponen", "RB Berdampak", 100, None, 1],
        ["D.1", "D", "subkomponen", "Pengentasan Kemiskinan", 100, None, 2],
        ["D.1.a", "D.1", "kriteria", "Penurunan angka kemiskinan", 100, 1, 3],
    ])
    preview = client.post(url, {"file": sheet})
    assert preview.context["preview"]["count"] == 3 and not fw.nodes.exists()
    client.post(url, {"token": preview.context["preview"]["token"]})
    nodes = {n.code: n for n in fw.nodes.select_related("parent")}
    assert nodes["D.1.a"].parent == nodes["D.1"] and nodes["D"].max_score == 100
    assert Framework.objects.for_year(2025) == fw


def test_a_bad_tree_writes_nothing_and_names_every_bad_cell(cast, login):
    from evaluations.models import Framework

    fw = Framework.objects.create(name="Uji", year_from=2040, max_total=Decimal("100"))
    sheet = xlsx([
        ["Kode", "Induk", "Jenis", "Nama", "Bobot"],
        ["X", "", "komponen", "Baik", 100],
        ["X.1", "Y", "subkomponen", "Induk salah", 50],      # row 3: Induk
        ["X.2", "X", "bagian", "Jenis salah", "lima"],        # row 4: Jenis and Bobot
        ["X.3", "", "kriteria", "Kriteria tanpa induk", 10],  # row 5: Induk (a criterion needs a parent)
    ])
    page = login(cast.superuser).post(reverse("evaluations:framework_import", args=[fw.pk]), {"file": sheet})
    text = "\n".join(page.context["errors"])
    assert "Baris 3, kolom Induk: kode 'Y' tidak ada" in text
    assert "Baris 4, kolom Jenis: 'bagian' bukan jenis" in text
    assert "Baris 4, kolom Bobot: 'lima' bukan angka" in text
    assert "Baris 5, kolom Induk:" in text
    assert not fw.nodes.exists()


def test_only_framework_editors_import_trees(cast, login):
    from evaluations.models import Framework

    fw = Framework.objects.for_year(2024)
    assert login(cast.biro).get(reverse("evaluations:framework_import", args=[fw.pk])).status_code == 403
