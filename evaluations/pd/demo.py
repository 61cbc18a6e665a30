"""Demo maturity evaluation: Bengkulu's regencies and cities, 2023 and 2024 (seed report 002).

The Biro Organisasi of Bengkulu evaluates five agencies in each of its ten regencies/cities.
2023 is fully verified (the trend's first year); in 2024 nine sets are verified (with some
levels adjusted by the Biro), and Kota Bengkulu's set is submitted, its first agency with one
answer returned and a few still waiting for the Biro.
The rakor of 18 July 2024 (meetings demo) links to the 2024 round. Each regency's Bagian
Organisasi gets a demo account (bagian.<regency>) that answers and submits its set.

Idempotent: a round that exists is left as it is. Every write goes through the services.
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from agencies.models import Membership, Opd, Pemda, User

from . import services
from .models import PdRound, PdSubmission

PROVINCE = "17"
YEARS = (2023, 2024)
AGENCIES = ("BAPPEDA", "DINKES", "DISDIK", "DISKOMINFO", "DPMPTSP")
# The level around which each regency's answers sit, per year (2024 a little higher).
BASE = {"17.01": 2.4, "17.02": 2.9, "17.03": 2.6, "17.04": 2.0, "17.05": 2.2, "17.06": 2.3, "17.07": 1.9,
        "17.08": 2.5, "17.09": 2.1, "17.71": 3.3}
RETURNED_IN = "17.71"


def _level(*key, base):
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return max(1, min(5, round(base + (digest[0] / 255 - 0.5) * 2.2)))


def _bagian_account(pemda):
    username = "bagian." + pemda.regency.name.lower().replace("kabupaten ", "").replace("kota ", "kota").replace(" ", "")
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username, password=make_password(settings.DEMO_PASSWORD),
            full_name=f"Staf Bagian Organisasi {pemda.regency.name}", position="Analis Kelembagaan",
        )
        Membership.objects.create(user=user, role=Membership.Role.BAGIAN, pemda=pemda)
    return user


def _recommendations(submission, biro, weakest_agency):
    due = datetime.date(submission.round.year + 1, 3, 31)
    bagian = services.bagian_of(submission.pemda)
    if bagian:
        services.add_recommendation(
            submission, by=biro, opds=[bagian], due_date=due,
            text="Fasilitasi penyusunan rencana peningkatan kematangan bagi perangkat daerah dengan variabel terlemah.",
        )
    services.add_recommendation(
        submission, by=biro, opds=[weakest_agency], due_date=due,
        text="Tetapkan dan evaluasi SOP pelayanan serta register risiko; lampirkan bukti penetapannya.",
    )


@transaction.atomic
def _seed_round(province, year, biro, stdout):
    if PdRound.objects.filter(pemda=province, year=year).exists():
        return False
    round = services.open_round(pemda=province, year=year, by=biro)
    variables = list(round.instrument.variables.order_by("order"))
    regencies = Pemda.objects.filter(province=province.province, level=Pemda.Level.REGENCY).select_related("regency")
    for pemda in regencies.order_by("regency__code"):
        bagian = _bagian_account(pemda)
        base = BASE.get(pemda.regency.code, 2.5) + (0.3 if year == 2024 else 0)
        answers, lowest = [], (99, None)
        for code in AGENCIES:
            opd = Opd.objects.get(pemda=pemda, code=code)
            assessment = services.add_assessment(round, opd, by=bagian)
            total = 0
            for variable in variables:
                level = _level(pemda.regency.code, year, code, variable.code, base=base)
                total += level
                answers.append(services.answer_variable(
                    assessment, variable, level=level, by=bagian,
                    note="Penjelasan dan data dukung terlampir.", evidence_link="https://jdih.bengkuluprov.go.id/",
                ))
            lowest = min(lowest, (total, opd), key=lambda item: item[0])
        submission = PdSubmission.objects.get(round=round, pemda=pemda)
        services.submit_set(submission, by=bagian)
        for i, answer in enumerate(answers):
            if year == 2024 and pemda.regency.code == RETURNED_IN and i < len(variables):  # its first agency
                if i == 3:
                    services.verify_answer(answer, decision="return", by=biro,
                                           note="Lampirkan keputusan penetapan SOP yang ditandatangani kepala perangkat daerah.")
                    continue
                if i % 4 == 0:
                    continue  # still waiting for the Biro
            if i % 13 == 5 and answer.level > 1:
                services.verify_answer(answer, decision="adjust", level=answer.level - 1, by=biro,
                                       note="Data dukung belum menunjukkan pelaksanaan pada tingkat yang diajukan.")
            else:
                services.verify_answer(answer, decision="accept", by=biro)
        if year == 2024:
            _recommendations(submission, biro, lowest[1])
    stdout.write(f"  kematangan perangkat daerah {year} {province.name}: {regencies.count()} kabupaten/kota\n")
    return True


def seed(stdout):
    province = Pemda.objects.get(level=Pemda.Level.PROVINCE, province__code=PROVINCE)
    biro = User.objects.get(username="biro.bengkulu")
    created = sum(_seed_round(province, year, biro, stdout) for year in YEARS)
    stdout.write(f"evaluations: {created} evaluasi kematangan perangkat daerah baru\n")
