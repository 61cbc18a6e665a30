from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.selectors import default_period

from .models import QUARTER_CHOICES, Report
from .services import requestable_opds, requestable_pemdas


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis laporan"), choices=Report.Kind.choices)
    opd = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=None, required=False,
                                 empty_label=_("— pilih perangkat daerah —"))
    pemda = forms.ModelChoiceField(label=_("Provinsi (paket provinsi)"), queryset=None, required=False,
                                   empty_label=_("— pilih provinsi —"))
    year = forms.IntegerField(label=_("Tahun"), min_value=2020, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Triwulan"), choices=QUARTER_CHOICES, coerce=int)
    regenerate = forms.BooleanField(
        label=_("Buat ulang"), required=False,
        help_text=_("Buat berkas baru walaupun data tidak berubah sejak laporan terakhir."),
    )

    def __init__(self, *args, user, **kwargs):
        # The period the portal's pages open on: the latest with data, never a year without reference data.
        year, quarter = default_period(user)
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("year", year)
        initial.setdefault("quarter", quarter)
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = requestable_opds(user).order_by("pemda__regency__code", "name")
        self.fields["opd"].label_from_instance = lambda opd: (
            opd.name if opd.pemda.is_province else f"{opd.name} · {opd.pemda.name}"
        )
        self.fields["pemda"].queryset = requestable_pemdas(user)
        if not self.fields["pemda"].queryset.exists():
            self.fields["kind"].choices = [(Report.Kind.OPD, Report.Kind.OPD.label)]
            del self.fields["pemda"]
        if self.fields["opd"].queryset.count() == 1:
            self.fields["opd"].initial = self.fields["opd"].queryset.first()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Report.Kind.OPD and not data.get("opd"):
            self.add_error("opd", _("Pilih perangkat daerah untuk laporan perangkat daerah."))
        if kind == Report.Kind.PROVINCE and not data.get("pemda"):
            self.add_error("pemda", _("Pilih provinsi untuk paket laporan provinsi."))
        return data
