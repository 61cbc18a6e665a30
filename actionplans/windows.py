"""Reporting windows: when a province's OPDs may submit a triwulan, reopening for one OPD, and
the reporting rate as on time, late and missing (as DHIS2 reports it).

A province without its own window for a triwulan keeps the national rule: submission is open and
"on time" means on or before the national deadline (ReportingDeadline, else the regulation's
default). Days are counted in the province's own time zone.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils.translation import gettext as _

from reformportal.formats import long_date, quarter_label

from .models import ActionPlan, ProgressReport, ReportingWindow, WindowReopening


def window_for(province, year, quarter):
    return ReportingWindow.objects.filter(province=province, year=year, quarter=quarter).first()


def closing_day(province, year, quarter):
    """The last on-time day: the province's own closing date, else the national deadline."""
    from .selectors import reporting_deadline

    window = window_for(province, year, quarter)
    return window.closes_on if window else reporting_deadline(year, quarter)


def check_open(opd, year, quarter, *, now=None):
    """Refuse a submission outside the province's window, unless the Biro reopened it for the OPD."""
    province = opd.pemda.province
    window = window_for(province, year, quarter)
    if window is None:
        return
    today = province.today(now)
    if window.opens_on <= today <= window.closes_on:
        return
    if window.reopenings.filter(opd=opd, until__gte=today).exists():
        return
    label = f"{quarter_label(quarter)} {year}"
    if today < window.opens_on:
        raise ValidationError(_("Masa pelaporan %(tw)s baru dibuka %(date)s.")
                              % {"tw": label, "date": long_date(window.opens_on)})
    raise ValidationError(
        _("Masa pelaporan %(tw)s ditutup %(date)s. Minta Biro Organisasi membuka kembali untuk perangkat daerah Anda.")
        % {"tw": label, "date": long_date(window.closes_on)}
    )


@transaction.atomic
def reopen_window(window, *, opd, until, reason, by):
    """The Biro/Bagian managing the OPD's Pemda reopens a window for that OPD until a day (audited)."""
    if not by.scope.can_manage_pemda(opd.pemda):
        raise PermissionDenied
    if opd.pemda.province_id != window.province_id:
        raise ValidationError(_("Perangkat daerah tidak berada di provinsi masa pelaporan ini."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan pembukaan kembali.")})
    if until < window.closes_on:
        raise ValidationError({"until": _("Tanggal pembukaan kembali harus setelah masa pelaporan ditutup.")})
    return WindowReopening.objects.create(window=window, opd=opd, until=until, reason=reason.strip(), by=by)


@dataclass(frozen=True)
class Timeliness:
    """Action plans of a triwulan by reporting: on time, late (first submitted after closing), missing."""

    on_time: int
    late: int
    missing: int
    closes_on: object  # the last on-time day (a date)

    @property
    def expected(self):
        return self.on_time + self.late + self.missing


def reporting_timeliness(province, opds, year, quarter):
    """On time / late / missing for the plans of `opds` (already scoped) in a province's triwulan.

    A report counts from its first submission (the transition log), so a report returned and
    resubmitted after closing is still on time; a report first submitted after closing, e.g.
    through a reopened window, is late. Four queries (window, national deadline, plans, reports).
    """
    plans = ActionPlan.objects.filter(opd__in=opds, year=year)
    expected = plans.count()
    closes = closing_day(province, year, quarter)
    reported = (
        ProgressReport.objects.filter(plan__in=plans, quarter=quarter, status__in=ProgressReport.COUNTED)
        .annotate(first_submitted=Min("transitions__at", filter=Q(transitions__to_status=ProgressReport.Status.SUBMITTED)))
        .values_list("first_submitted", "submitted_at")
    )
    on_time = late = 0
    for first, last in reported:
        when = first or last
        if when is not None and province.today(when) <= closes:
            on_time += 1
        else:
            late += 1
    return Timeliness(on_time=on_time, late=late, missing=expected - on_time - late, closes_on=closes)


@transaction.atomic
def set_reporting_window(province, year, quarter, *, opens_on, closes_on, by):
    """The province's Biro sets (or moves) a triwulan's window; every change is on its history."""
    from .services import can_set_province_target

    if not can_set_province_target(by, province):
        raise PermissionDenied
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Triwulan harus TW I–IV.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("Tanggal tutup tidak boleh sebelum tanggal buka.")})
    window, created = ReportingWindow.objects.get_or_create(
        province=province, year=year, quarter=quarter, defaults={"opens_on": opens_on, "closes_on": closes_on}
    )
    if not created and (window.opens_on, window.closes_on) != (opens_on, closes_on):
        window.opens_on, window.closes_on = opens_on, closes_on
        window.save(update_fields=["opens_on", "closes_on"])
    return window
