"""Meetings of the national benchmark data set (manage.py generate_national finds this module by
name): one coordination meeting on TW IV reporting per generated Pemprov, by its Biro."""

import datetime

from agencies.models import Membership, Pemda
from agencies.roles import Role

from . import services
from .models import Meeting


def seed(stdout):
    bureaus = Membership.objects.filter(role=Role.BIRO, pemda__level=Pemda.Level.PROVINCE, pemda__opds__isnull=False)
    made = 0
    for membership in bureaus.select_related("user", "pemda__province").distinct().order_by("pemda_id"):
        pemda = membership.pemda
        key = f"national-rakor-{pemda.province.code}"
        if Meeting.objects.filter(key=key).exists():
            continue
        starts = datetime.datetime(2026, 1, 6, 9, tzinfo=pemda.province.tzinfo)
        services.create_meeting(
            by=membership.user, pemda=pemda, key=key, kind=Meeting.Kind.RAKOR,
            title="Rapat koordinasi pelaporan rencana aksi TW IV 2025", starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3), venue=f"Aula Setda {pemda.name}",
            invited=list(pemda.opds.order_by("pk")[:15]),
        )
        made += 1
    stdout.write(f"meetings: {made} rapat")
