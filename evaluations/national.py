"""LHEs of the national benchmark data set (manage.py generate_national finds this module by name):
one external LHE for 2024 per generated Pemprov, recorded through the service by its Biro."""

import datetime
import random
from decimal import Decimal

from agencies.models import Membership, Pemda
from agencies.roles import Role

from . import services
from .models import Lhe

YEAR = 2024


def seed(stdout):
    rng = random.Random("national:lhe")
    bureaus = Membership.objects.filter(role=Role.BIRO, pemda__level=Pemda.Level.PROVINCE, pemda__opds__isnull=False)
    made = 0
    for membership in bureaus.select_related("user", "pemda__province").distinct().order_by("pemda_id"):
        if Lhe.objects.filter(pemda=membership.pemda, year=YEAR, kind=Lhe.Kind.EXTERNAL).exists():
            continue
        services.record_lhe(
            pemda=membership.pemda, year=YEAR, kind=Lhe.Kind.EXTERNAL, date=datetime.date(YEAR + 1, 2, 20),
            number=f"B/{membership.pemda.province.code}/LHE-RB/{YEAR}", by=membership.user,
            index_entered=Decimal(rng.randint(5500, 8500)) / 100,
            summary=f"Evaluasi pelaksanaan RB tahun {YEAR}.",
        )
        made += 1
    stdout.write(f"evaluations: {made} LHE")
