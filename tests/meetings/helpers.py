import datetime
import zoneinfo

from meetings import services

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def make_meeting(pemda, *, by=None, title="Rakor RB", day=datetime.date(2025, 1, 30), invited=(), attending=(), **fields):
    tz = pemda.province.tzinfo
    fields.setdefault("venue", "Ruang Rapat Biro Organisasi")
    fields.setdefault("chair_name", "Betri Susilawati")
    fields.setdefault("chair_title", "Plt. Kepala Biro Organisasi")
    return services.create_meeting(
        by=by,
        pemda=pemda,
        title=title,
        kind=fields.pop("kind", "rakor"),
        starts_at=datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz),
        ends_at=datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=tz),
        invited=invited,
        attending=attending,
        **fields,
    )


def make_follow_up(meeting, opd, *, due=datetime.date(2025, 2, 28), title="Kirim blanko rencana aksi 2025"):
    return services.add_follow_up(meeting, by=None, title=title, opd=opd, due_date=due)
