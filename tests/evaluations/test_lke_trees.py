"""The LKE trees as the regulations define them: versions, the tree-level check, golden indices,
the official workbook layout and the provisional mark."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations import selectors, services
from evaluations.frameworks import check_tree, tree_errors
from evaluations.models import Framework, Lhe

from .helpers import hand_framework, make_lhe
from .test_simulator_and_import import xlsx

pytestmark = pytest.mark.django_db


def _nodes(framework):
    return {n.code: n for n in framework.nodes.all()}


def test_every_seeded_tree_adds_up_and_every_weight_names_its_source():
    frameworks = list(Framework.objects.all())
    assert len(frameworks) == 4
    for framework in frameworks:
        assert tree_errors(list(framework.nodes.all()), framework.max_total) == [], framework
    for framework in Framework.objects.filter(version=2):
        assert framework.source
        assert not framework.nodes.filter(source="").exists()
    # What a source text confirmed is not provisional; what none did is.
    new = _nodes(Framework.objects.for_year(2024))
    assert not any(new[c].provisional for c in ("G", "G.A", "G.A.1", "G.A.2", "G.B", "G.C"))
    assert all(new[c].provisional for c in ("G.B.1", "G.C.1", "T", "T.1", "T.1.a", "T.1.b"))


def test_golden_2020_2022_tree_index_matches_the_hand_calculation(cast):
    lhe = make_lhe(cast, year=2021)
    nodes = _nodes(lhe.framework)
    assert lhe.framework.version == 2
    scores = {}
    for i in range(1, 9):
        scores[nodes[f"P.1.{i}"]] = Decimal("80")      # Pemenuhan 20 × 0.8 = 16
        scores[nodes[f"P.2.{i}"]] = Decimal("50")      # Hasil antara 10 × 0.5 = 5
        scores[nodes[f"P.3.{i}"]] = Decimal(10 * i)    # Reform 3.75 × (10 + … + 80) / 100 = 13.5
    scores[nodes["H.1"]] = Decimal("90")               # 9
    scores[nodes["H.2"]] = Decimal("75")               # 7.5
    scores[nodes["H.3"]] = Decimal("62.5")             # 6.25
    scores[nodes["H.4"]] = Decimal("33.33")            # 3.333
    services.set_scores(lhe, scores, by=cast.biro)
    lhe.refresh_from_db()
    # 16 + 5 + 13.5 + 9 + 7.5 + 6.25 + 3.333 = 60.583
    assert abs(lhe.index - Decimal("60.583")) <= Decimal("0.01")
    assert lhe.index == Decimal("60.58") and lhe.predikat == "B"


def test_golden_2023_tree_index_matches_the_hand_calculation(cast, login):
    lhe = make_lhe(cast, year=2024)
    nodes = _nodes(lhe.framework)
    scores = {
        nodes["G.A.1"]: Decimal("80"),    # 3 × 0.8 = 2.4
        nodes["G.A.2"]: Decimal("65"),    # 7 × 0.65 = 4.55
        nodes["G.B.1"]: Decimal("70"),    # 33 × 0.7 = 23.1
        nodes["G.B.2"]: Decimal("50"),    # 7 × 0.5 = 3.5
        nodes["G.C.1"]: Decimal("75"),    # 20 × 0.75 = 15
        nodes["G.C.2"]: Decimal("60"),    # 15 × 0.6 = 9
        nodes["G.C.3"]: Decimal("45.5"),  # 15 × 0.455 = 6.825
    }
    for i in range(1, 5):
        scores[nodes[f"T.{i}.a"]] = Decimal("100")  # 2 each: 8
        scores[nodes[f"T.{i}.b"]] = Decimal("50")   # 1.5 each: 6
    services.set_scores(lhe, scores, by=cast.biro)
    lhe.refresh_from_db()
    # 2.4 + 4.55 + 23.1 + 3.5 + 15 + 9 + 6.825 + 8 + 6 = 78.375 → 78.38 (half up)
    assert abs(lhe.index - Decimal("78.375")) <= Decimal("0.01")
    assert lhe.index == Decimal("78.38") and lhe.predikat == "BB"
    page = login(cast.biro).get(reverse("evaluations:lhe", args=[lhe.pk]))
    assert "78,38" in page.content.decode()


def test_an_lhe_scored_on_the_old_version_keeps_its_tree_and_index(cast, login):
    old = Framework.objects.get(year_from=2023, version=1)
    # As it was before the new versions: an LHE on the tree then in force.
    lhe = Lhe.objects.create(pemda=cast.kalteng, year=2023, kind=Lhe.Kind.EXTERNAL, framework=old,
                             date=datetime.date(2024, 2, 20))
    v1 = _nodes(old)
    services.set_scores(lhe, {v1["G.1"]: Decimal("4"), v1["G.9"]: Decimal("15"), v1["T"]: Decimal("10")}, by=cast.biro)
    lhe.refresh_from_db()
    assert lhe.index == Decimal("29.00")
    new = make_lhe(cast, year=2024, kind=Lhe.Kind.EXTERNAL)
    assert new.framework.version == 2 and new.framework.replaces == old
    services.set_scores(new, {_nodes(new.framework)["G"]: Decimal("70")}, by=cast.biro)

    lhe.refresh_from_db()
    assert lhe.framework == old and lhe.index == Decimal("29.00")
    client = login(cast.biro)
    page = client.get(reverse("evaluations:lhe", args=[lhe.pk]))
    assert "29,00" in page.content.decode()
    simulator = client.get(reverse("evaluations:lhe_simulator", args=[lhe.pk]))
    assert simulator.status_code == 200 and simulator.context["result"]["index"] == Decimal("29.00")
    assert lhe.distance_to_target == Decimal("41.01")
    points = selectors.trend(cast.kalteng, kind=Lhe.Kind.EXTERNAL)
    assert [(p["year"], p["index"], p["delta"]) for p in points] == [
        (2023, Decimal("29.00"), None), (2024, Decimal("70.00"), Decimal("41.00")),
    ]


def test_the_tree_check_names_the_node_whose_children_do_not_add_up(cast):
    fw, nodes = hand_framework(2031)
    check_tree(fw)  # the hand tree adds up
    nodes["A.1.b"].weight = Decimal("21")
    nodes["A.1.b"].save(update_fields=["weight"])
    with pytest.raises(ValidationError) as caught:
        check_tree(fw)
    [message] = caught.value.messages
    assert "A.1 Unsur A.1" in message and "31" in message and "30" in message


def test_an_imported_tree_that_does_not_add_up_is_refused_and_writes_nothing(cast, login):
    fw = Framework.objects.create(name="Uji", year_from=2041, max_total=Decimal("100"))
    sheet = xlsx([
        ["Kode", "Induk", "Jenis", "Nama", "Bobot"],
        ["X", "", "komponen", "Komponen", 100],
        ["X.1", "X", "kriteria", "Kriteria", 60],
    ])
    page = login(cast.superuser).post(reverse("evaluations:framework_import", args=[fw.pk]), {"file": sheet})
    text = "\n".join(page.context["errors"])
    assert "X Komponen" in text and "60" in text
    assert not fw.nodes.exists()


def test_a_tree_an_lhe_is_scored_on_is_not_rewritten_in_place(cast, login):
    lhe = make_lhe(cast, year=2024)
    nodes = _nodes(lhe.framework)
    services.set_scores(lhe, {nodes["G.A.1"]: Decimal("50")}, by=cast.biro)
    sheet = xlsx([["Kode", "Induk", "Jenis", "Nama", "Bobot"], ["G", "", "komponen", "RB General", 120]])
    page = login(cast.superuser).post(reverse("evaluations:framework_import", args=[lhe.framework.pk]), {"file": sheet})
    assert "versi baru" in "\n".join(page.context["errors"])
    assert _nodes(lhe.framework)["G"].weight == 100


def test_the_official_lke_workbook_layout_imports_and_clears_the_provisional_mark(cast, login):
    fw = Framework.objects.create(name="LKE 2025", year_from=2042, max_total=Decimal("100"))
    sheet = xlsx([
        ["No", "Penilaian", "Bobot", "Range Nilai", "Penjelasan"],
        ["G", "RB General", "100,00", "", ""],
        ["G.A", "Strategi Pelaksanaan RB General", "10,00", "", ""],
        ["G.A.1", "Rencana Aksi Pembangunan RB General", "3,00", "0-100", "Menilai kualitas rencana aksi"],
        ["G.A.2", "Tingkat Implementasi Rencana Aksi", "7,00", "0-100", ""],
        ["G.B", "Capaian Pelaksanaan Kebijakan RB", "90,00", "0-5", ""],
    ])
    client = login(cast.superuser)
    url = reverse("evaluations:framework_import", args=[fw.pk])
    preview = client.post(url, {"file": sheet})
    assert preview.context["preview"], preview.context.get("errors")
    client.post(url, {"token": preview.context["preview"]["token"]})
    nodes = {n.code: n for n in fw.nodes.select_related("parent")}
    assert nodes["G.A.1"].parent == nodes["G.A"] and nodes["G.A"].parent == nodes["G"]
    assert (nodes["G"].kind, nodes["G.A"].kind, nodes["G.A.1"].kind, nodes["G.B"].kind) == (
        "komponen", "subkomponen", "kriteria", "kriteria")
    assert nodes["G.A.1"].max_score == 100 and nodes["G.B"].max_score == 5
    assert nodes["G.A.1"].description == "Menilai kualitas rencana aksi"
    assert not any(n.provisional for n in nodes.values()) and all(n.source for n in nodes.values())


def test_provisional_weights_are_marked_for_the_biro_and_in_the_admin(cast, login):
    framework = Framework.objects.for_year(2024)
    page = login(cast.biro).get(reverse("evaluations:framework", args=[framework.pk]))
    html = page.content.decode()
    assert page.context["provisional_count"] == framework.nodes.filter(provisional=True).count() > 0
    assert 'data-testid="provisional-note"' in html and 'data-testid="provisional"' in html
    admin_page = login(cast.superuser).get(reverse("admin:evaluations_frameworknode_changelist") + "?provisional__exact=1")
    assert admin_page.status_code == 200
    assert admin_page.context["cl"].result_count == framework.nodes.filter(provisional=True).count() + Framework.objects.get(
        year_from=2020, version=2).nodes.filter(provisional=True).count()


def test_a_new_version_takes_the_official_workbook_while_scored_lhes_keep_theirs(cast, login):
    lhe = make_lhe(cast, year=2024)
    services.set_scores(lhe, {_nodes(lhe.framework)["G.A.1"]: Decimal("50")}, by=cast.biro)
    lhe.refresh_from_db()
    client = login(cast.superuser)
    response = client.post(reverse("evaluations:framework_new_version", args=[lhe.framework.pk]))
    copy = Framework.objects.get(year_from=2023, version=3)
    assert response.url == reverse("evaluations:framework_import", args=[copy.pk])
    assert Framework.objects.for_year(2024) == copy and copy.replaces == lhe.framework
    assert sorted(copy.nodes.values_list("code", "parent__code", "weight")) == sorted(
        lhe.framework.nodes.values_list("code", "parent__code", "weight"))
    # The replaced version cannot branch twice, and a Biro may not branch at all.
    again = client.post(reverse("evaluations:framework_new_version", args=[lhe.framework.pk]))
    assert again.status_code == 302 and Framework.objects.filter(year_from=2023).count() == 3
    assert login(cast.biro).post(reverse("evaluations:framework_new_version", args=[copy.pk])).status_code == 403
    assert lhe.scores.get().node.framework == lhe.framework and lhe.index == Decimal("1.50")


def test_the_2020_2022_weights_stay_provisional_and_name_their_secondary_sources():
    # The Lampiran of PermenPANRB 26/2020 was not found: nothing is cleared, every weight says where
    # it was taken from instead (two government pages for the components, the portal for the split).
    nodes = _nodes(Framework.objects.get(year_from=2020, version=2))
    assert all(n.provisional for n in nodes.values())
    assert all(len(n.source) <= 300 for n in nodes.values())
    for code in ("P", "P.1", "P.2", "P.3", "H"):
        assert "data.ntbprov.go.id" in nodes[code].source and "madiunkota" in nodes[code].source
    for code in ("H.1", "H.2", "H.3", "H.4"):
        assert "data.ntbprov.go.id" in nodes[code].source
    assert all("pembagian portal" in nodes[f"P.{p}.{i}"].source for p in (1, 2, 3) for i in range(1, 9))


def test_the_source_migration_rewrites_only_the_citations_of_the_2020_tree():
    from importlib import import_module

    from django.apps import apps

    framework = Framework.objects.get(year_from=2020, version=2)
    framework.nodes.update(source="PermenPANRB 26/2020, Lampiran (LKE RB Pemerintah Daerah); belum dikonfirmasi")
    Framework.objects.filter(pk=framework.pk).update(source="lama")
    weights = dict(framework.nodes.values_list("code", "weight"))
    other = Framework.objects.get(year_from=2023, version=2)
    other_sources = dict(other.nodes.values_list("code", "source"))

    import_module("evaluations.migrations.0009_lke_2020_sources").refresh(apps, None)

    framework.refresh_from_db()
    assert "data.ntbprov.go.id" in framework.source
    assert not framework.nodes.filter(source__contains="belum dikonfirmasi").exists()
    assert dict(framework.nodes.values_list("code", "weight")) == weights
    assert dict(other.nodes.values_list("code", "source")) == other_sources


@pytest.mark.parametrize("model", ["Framework", "PdInstrument"])
def test_both_kinds_of_reference_data_share_one_year_range(model):
    """The LKE framework and the PD instrument take their year range from one abstract model: the
    same labels, the same coverage and the same refusal of an end year before the start year (the
    PD instrument had no such check before)."""
    from evaluations import models

    row = getattr(models, model)(name="Uji", year_from=2026, year_to=2025)
    with pytest.raises(ValidationError) as refused:
        row.clean()
    assert "year_to" in refused.value.message_dict
    row.year_to = None
    assert row.years_label == "2026–" and row.covers(2030) and not row.covers(2025)
    row.year_to = 2026
    assert row.years_label == "2026" and row.covers(2026) and not row.covers(2027)
