"""Demo evaluations: external and internal LHE for 2023 and 2024 in the four demo provinces.

Each LHE is scored criterion by criterion (deterministic values, so every run gives the same
index), has findings and recommendations, and the 2024 internal LHE carries recommendations in
every workflow state: open, in progress, submitted, returned, closed, and one overdue.

Idempotent: an LHE is keyed by (Pemda, year, kind); an existing LHE is left as it is, so a second
run writes nothing. Every write goes through evaluations.services, as a real user would.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from agencies.demo import DEMO_PROVINCE_CODES, opd
from agencies.models import Pemda, User

from . import services
from .pd import demo as pd_demo
from .models import Lhe

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ANSWERS = [Decimal(v) for v in ("0", "0.25", "0.5", "0.75", "1")]

# The level each province's LHE is aimed at (share of each criterion's maximum), by (year, kind).
LEVELS = {
    "62": {(2023, "eksternal"): "0.55", (2023, "internal"): "0.57", (2024, "eksternal"): "0.59", (2024, "internal"): "0.62"},
    "64": {(2023, "eksternal"): "0.62", (2023, "internal"): "0.63", (2024, "eksternal"): "0.66", (2024, "internal"): "0.68"},
    "17": {(2023, "eksternal"): "0.46", (2023, "internal"): "0.49", (2024, "eksternal"): "0.51", (2024, "internal"): "0.53"},
    "36": {(2023, "eksternal"): "0.58", (2023, "internal"): "0.60", (2024, "eksternal"): "0.62", (2024, "internal"): "0.64"},
}
BIRO_ACCOUNTS = {"62": "biro.kalteng", "64": "biro.kaltim", "17": "biro.bengkulu", "36": "biro.banten"}
INSPECTOR_ACCOUNTS = {"62": "inspektur.kalteng"}

FINDINGS = [
    ("G.B", "Peta proses bisnis belum diturunkan ke seluruh perangkat daerah dan SOP belum dievaluasi.", [
        ("Susun peta proses bisnis level perangkat daerah dan evaluasi SOP utama.", ["BIRO-ORG", "DINKES"]),
        ("Integrasikan layanan administrasi dalam aplikasi SPBE daerah.", ["DISKOMINFO"]),
    ]),
    ("G.C", "Manajemen kinerja pegawai belum terhubung dengan sistem merit.", [
        ("Terapkan penilaian kinerja berbasis SKP terintegrasi untuk seluruh ASN.", ["BKD"]),
    ]),
    ("G.A", "Zona integritas baru dibangun di sebagian kecil unit pelayanan.", [
        ("Tetapkan dan bina unit percontohan WBK di layanan kesehatan.", ["DINKES"]),
        ("Perluas pembangunan zona integritas ke unit pelayanan perizinan.", ["DPMPTSP", "BIRO-ORG"]),
    ]),
]


def _ratio(*key):
    """A stable pseudo-random number in [-0.25, 0.25] for a key."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return (Decimal(digest[0]) / 255 - Decimal("0.5")) / 2


def _score(node, level, *key):
    share = min(max(Decimal(level) + _ratio(*key, node.code), Decimal(0)), Decimal(1))
    if node.max_score == 1:
        return min(ANSWERS, key=lambda a: abs(a - share))
    return (node.max_score * share).quantize(Decimal("0.01"))


def _actors(province_code):
    """Who acts in the demo: the Biro, the reviewer (the province's inspector, else the superuser)."""
    biro = User.objects.get(username=BIRO_ACCOUNTS[province_code])
    inspector = User.objects.filter(username=INSPECTOR_ACCOUNTS.get(province_code, "")).first()
    reviewer = inspector or User.objects.filter(is_superuser=True).order_by("pk").first()
    return biro, reviewer


def _answerer(opds, biro):
    """The account answering: the first OPD's demo admin when there is one, else the Biro
    (which then needs its own bureau among the assigned units)."""
    admin = User.objects.filter(membership__opd=opds[0], membership__role="opd_admin").first()
    return admin or biro


@transaction.atomic
def _seed_lhe(pemda, province_code, year, kind, biro, reviewer, stdout):
    if Lhe.objects.filter(pemda=pemda, year=year, kind=kind).exists():
        return False
    level = LEVELS[province_code][(year, kind)]
    lhe = services.record_lhe(
        pemda=pemda, year=year, kind=kind, date=datetime.date(year + 1, 3 if kind == "internal" else 2, 20),
        number=f"{'B' if kind == 'eksternal' else '700'}/{province_code}/LHE-RB/{year}",
        document=ContentFile(PDF, name="lhe.pdf"), by=biro,
        summary="Evaluasi pelaksanaan RB General dan RB Tematik tahun %s." % year,
    )
    criteria = lhe.framework.nodes.filter(kind="kriteria")
    services.set_scores(lhe, {n: _score(n, level, province_code, year, kind) for n in criteria}, by=biro)
    lhe.refresh_from_db()

    # Every workflow state on the 2024 internal LHE; older LHE mostly closed.
    latest = year == 2024 and kind == "internal"
    plans = (["closed", "returned", "submitted", "in_progress", "open", "overdue"] if latest
             else ["closed", "closed", "closed", "closed", "submitted" if kind == "internal" else "closed", "closed"])
    step = 0
    for area_code, description, recs in FINDINGS:
        node = lhe.framework.nodes.filter(code=area_code).first()
        finding = services.add_finding(lhe, description=description, node=node, by=biro)
        for text, opd_codes in recs:
            opds = [opd(province_code, code) for code in opd_codes]
            answerer = _answerer(opds, biro)
            if answerer == biro and not any(o.is_organisation_bureau for o in opds):
                opds.append(opd(province_code, "BIRO-ORG"))  # the Biro answers together with the OPD
            state = plans[step % len(plans)]
            step += 1
            due = datetime.date(year + 1, 9, 30) if (state == "overdue" or not latest) else datetime.date(2027, 6, 30)
            rec = services.add_recommendation(finding, text=text, opds=opds, due_date=due, by=biro)
            _play(rec, state, answerer, reviewer)
    stdout.write(f"  LHE {kind} {year} {pemda.name}: indeks {lhe.index} ({lhe.predikat})\n")
    return True


def _play(rec, state, answerer, reviewer):
    """Move a recommendation to `state` through the services, as its users would."""
    if state in ("open", "overdue"):
        return
    services.start_follow_up(rec, by=answerer)
    if state == "in_progress":
        return
    evidence = ContentFile(PDF, name="bukti.pdf")
    services.submit_follow_up(rec, narrative="Telah disusun dan ditetapkan; bukti terlampir.", evidence=evidence, by=answerer)
    if state == "submitted":
        return
    if state == "returned":
        services.return_recommendation(rec, by=reviewer, comment="Lampirkan SK penetapan dan daftar hadir sosialisasi.")
        return
    services.close_recommendation(rec, by=reviewer, comment="Bukti lengkap.")


def seed(stdout):
    # The frameworks come from data migration 0002; re-seeding them here would overwrite
    # weights an admin has since edited (and add an audit row per node on every run).
    created = 0
    for province_code in DEMO_PROVINCE_CODES:
        pemda = Pemda.objects.get(level=Pemda.Level.PROVINCE, province__code=province_code)
        biro, reviewer = _actors(province_code)
        for year in (2023, 2024):
            for kind in ("eksternal", "internal"):
                created += _seed_lhe(pemda, province_code, year, kind, biro, reviewer, stdout)
    stdout.write(f"evaluations: {created} LHE baru\n")
    pd_demo.seed(stdout)  # the maturity evaluation of Bengkulu's regencies/cities (seed report 002)
