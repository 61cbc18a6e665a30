"""Small builders for evaluation tests."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations import services
from evaluations.models import Framework, FrameworkNode, Lhe

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def hand_framework(year=2030):
    """A small tree scored by hand in the tests.

    A (60) ── A.1 (30) ── A.1.a  w 10, max 1
          │           └── A.1.b  w 20, max 100
          └── A.2 (30) ── A.2.a  w 30, max 5
    B (40) ── B.1 (40) ── B.1.a  w 25, max 1
                      └── B.1.b  w 15, max 100
    """
    fw = Framework.objects.create(name="Uji", year_from=year, year_to=year, max_total=Decimal("100"))
    nodes = {}

    def put(code, kind, weight, max_score, parent=None):
        nodes[code] = FrameworkNode.objects.create(
            framework=fw, code=code, kind=kind, name=f"Unsur {code}", weight=Decimal(weight),
            max_score=Decimal(max_score), order=len(nodes) + 1, parent=nodes.get(parent),
        )

    put("A", "komponen", "60", "60")
    put("A.1", "subkomponen", "30", "30", "A")
    put("A.1.a", "kriteria", "10", "1", "A.1")
    put("A.1.b", "kriteria", "20", "100", "A.1")
    put("A.2", "subkomponen", "30", "30", "A")
    put("A.2.a", "kriteria", "30", "5", "A.2")
    put("B", "komponen", "40", "40")
    put("B.1", "subkomponen", "40", "40", "B")
    put("B.1.a", "kriteria", "25", "1", "B.1")
    put("B.1.b", "kriteria", "15", "100", "B.1")
    return fw, nodes


HAND_SCORES = {"A.1.a": "0.75", "A.1.b": "62.5", "A.2.a": "3", "B.1.a": "0.5", "B.1.b": "33.33"}
# 10×0.75 + 20×62.5/100 + 30×3/5 + 25×0.5 + 15×33.33/100 = 7.5 + 12.5 + 18 + 12.5 + 4.9995 = 55.4995 → 55.50
HAND_INDEX = Decimal("55.50")


def make_lhe(cast, *, pemda=None, year=2024, kind=Lhe.Kind.INTERNAL, by=None, **extra):
    return services.record_lhe(
        pemda=pemda or cast.kalteng, year=year, kind=kind, date=datetime.date(year + 1, 3, 1),
        by=by or cast.biro, **extra,
    )


def make_recommendation(cast, lhe=None, *, opds=None, due=None, text="Perbarui peta proses bisnis", by=None):
    lhe = lhe or make_lhe(cast)
    by = by or cast.biro
    finding = services.add_finding(lhe, description="Peta proses bisnis belum mutakhir", by=by)
    return services.add_recommendation(
        finding, text=text, opds=opds or [cast.dinkes], due_date=due or datetime.date(2099, 12, 31), by=by,
    )
