"""FilterSets of progress reports: the API's, and the action-plan pages' built on it (the period every
page reads, the verification queue's)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.filters import WholeNumberFilter
from agencies.models import Opd, Pemda
from reformportal.widgets import LongSelect

from .models import QUARTER_CHOICES, ProgressReport


class ProgressReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="plan__year")
    opd = WholeNumberFilter(field_name="plan__opd_id")
    theme = django_filters.CharFilter(field_name="plan__theme__code")
    pemda = WholeNumberFilter(field_name="plan__opd__pemda_id", label=_("Provinsi/kabupaten/kota"))
    triwulan = django_filters.NumberFilter(field_name="quarter")

    class Meta:
        model = ProgressReport
        fields = ["year", "opd", "theme", "quarter", "triwulan", "status", "plan", "pemda"]


def _pending(request):
    return ProgressReport.objects.visible_to(request.user).filter(status=ProgressReport.Status.SUBMITTED)


def _queue_opds(request):
    # Only agencies that have something waiting: a short list, whatever the scope's size.
    return (
        Opd.objects.filter(pk__in=_pending(request).values("plan__opd"))
        .select_related("pemda")
        .order_by("pemda__province__code", "pemda__regency__code", "name")
    )


def _queue_pemdas(request):
    return Pemda.objects.filter(pk__in=_pending(request).values("plan__opd__pemda"))


class PeriodFilter(ProgressReportFilter):
    """The API's filters under the names every action-plan page uses (?tahun=&tw=&pemda=): the
    pages read their period and Pemda through it (agencies.filters.page_filters)."""

    tahun = WholeNumberFilter(field_name="plan__year", label=_("Tahun"), min_value=2000, max_value=2100)
    tw = django_filters.ChoiceFilter(field_name="quarter", label=_("Triwulan"), choices=QUARTER_CHOICES, empty_label=_("Semua"))
    # The API's names are replaced by the page's, not offered twice.
    year = triwulan = theme = None

    class Meta:
        model = ProgressReport
        fields = []


class VerificationQueueFilter(PeriodFilter):
    """The queue page's filters: the period, and the agencies and Pemdas with reports waiting."""

    opd = django_filters.ModelChoiceFilter(
        field_name="plan__opd", label=_("Perangkat daerah"), queryset=_queue_opds, empty_label=_("Semua"),
        widget=LongSelect,
    )
    pemda = django_filters.ModelChoiceFilter(
        field_name="plan__opd__pemda", label=_("Provinsi/kabupaten/kota"), queryset=_queue_pemdas,
        empty_label=_("Semua"), widget=LongSelect,
    )

    # The chosen triwulan is held by a range (quarter BETWEEN q AND q) and the page orders by it
    # first (`held`): with "quarter = q" PostgreSQL leaves the triwulan out of the order, prices the
    # (status, submitted_at) index as high as (status, quarter, submitted_at) and, when it takes
    # it, reads past every older triwulan's waiting reports (16,000–49,000 on the national data:
    # 200–300 ms).
    tw = django_filters.ChoiceFilter(
        method="filter_triwulan", label=_("Triwulan"), choices=QUARTER_CHOICES, empty_label=_("Semua")
    )

    # More agencies than this with reports waiting (the national roles on deadline day: ~25,000)
    # make no usable list: the agency list then waits for a Pemda to be chosen, and says so.
    OPD_CHOICES_LIMIT = 300

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.order_fields(self.FIELDS)
        opd_field = self.form.fields["opd"]
        opd_field.label_from_instance = lambda opd: (
            opd.name if opd.pemda.is_province else f"{opd.name} · {opd.pemda.name}"
        )
        opd_field.widget.choices = self._opd_choices(opd_field)

    def filter_triwulan(self, queryset, name, value):
        return queryset.filter(quarter__range=(value, value))

    @property
    def held(self):
        """The fields the filtered queue holds to one value: keyset_page(within=...)."""
        self.form.is_valid()  # cleaned_data then has every valid field, as filtering uses them
        return ("quarter",) if self.form.cleaned_data.get("tw") else ()

    def _opd_choices(self, opd_field):
        """The agencies offered: those of the chosen Pemda, or of the whole scope while they are
        few; the chosen agency always. Validation still accepts any agency with reports waiting."""
        shown = opd_field.queryset
        pemda, chosen = self.data.get("pemda", ""), self.data.get("opd", "")
        if pemda.isdigit():
            shown = shown.filter(pemda_id=pemda)
        shown = list(shown[: self.OPD_CHOICES_LIMIT + 1])
        if len(shown) > self.OPD_CHOICES_LIMIT:
            opd_field.help_text = _("Lebih dari %(limit)s perangkat daerah menunggu: pilih provinsi/kabupaten/kota dulu.") % {
                "limit": self.OPD_CHOICES_LIMIT
            }
            shown = list(opd_field.queryset.filter(pk=chosen)) if chosen.isdigit() else []
        elif chosen.isdigit() and all(str(opd.pk) != chosen for opd in shown):
            shown += opd_field.queryset.filter(pk=chosen)
        return [("", opd_field.empty_label)] + [(opd.pk, opd_field.label_from_instance(opd)) for opd in shown]

    FIELDS = ("tahun", "tw", "opd", "pemda")
