from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Opd
from reformportal.uploads import UploadField

from .models import LEVEL_CHOICES


class AnswerForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Tingkat"), choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Penjelasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = UploadField(kind="evidence", label=_("Data dukung"), required=False)
    evidence_link = forms.URLField(label=_("Tautan data dukung"), required=False, assume_scheme="https")


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), widget=forms.RadioSelect,
        choices=[("accept", _("Terima")), ("adjust", _("Tetapkan tingkat lain")), ("return", _("Kembalikan"))],
    )
    level = forms.TypedChoiceField(label=_("Tingkat yang ditetapkan"), choices=[("", "—"), *LEVEL_CHOICES],
                                   coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Catatan verifikator"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AddAssessmentForm(forms.Form):
    opd = forms.ModelChoiceField(Opd.objects.none(), label=_("Perangkat daerah"), empty_label=_("— pilih —"))

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds


class PdRecommendationForm(forms.Form):
    text = forms.CharField(label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 3}))
    opds = forms.ModelMultipleChoiceField(Opd.objects.none(), label=_("Ditujukan kepada"),
                                          widget=forms.CheckboxSelectMultiple)
    due_date = forms.DateField(label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opds"].queryset = opds


class InstrumentImportForm(forms.Form):
    name = forms.CharField(label=_("Nama instrumen"), max_length=200)
    year_from = forms.IntegerField(label=_("Berlaku mulai tahun"), min_value=2010, max_value=2100)
    regulation = forms.CharField(label=_("Dasar hukum"), max_length=250, required=False)
    source = forms.CharField(label=_("Sumber"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = UploadField(kind="worksheet", label=_("Berkas .xlsx"))
