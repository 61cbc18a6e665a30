from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Opd
from reformportal.uploads import UploadField

from .models import Mismatch, OrgUnit, PostConversion, Regulation, StrategicIssue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StructureForm(forms.Form):
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=DATE)
    perda_number = forms.CharField(label=_("Nomor Perda pembentukan"), max_length=100, required=False)
    perda_date = forms.DateField(label=_("Tanggal Perda"), widget=DATE, required=False)
    perkada_number = forms.CharField(label=_("Nomor Perkada SOTK"), max_length=100, required=False)
    perkada_date = forms.DateField(label=_("Tanggal Perkada"), widget=DATE, required=False)
    legal_file = UploadField(kind="attachment", label=_("Berkas dasar hukum"), required=False)
    copy_units = forms.BooleanField(label=_("Salin unit dari struktur sebelumnya"), required=False, initial=True)


class LegalBasisForm(forms.Form):
    perda_number = forms.CharField(label=_("Nomor Perda pembentukan"), max_length=100, required=False)
    perda_date = forms.DateField(label=_("Tanggal Perda"), widget=DATE, required=False)
    perkada_number = forms.CharField(label=_("Nomor Perkada SOTK"), max_length=100, required=False)
    perkada_date = forms.DateField(label=_("Tanggal Perkada"), widget=DATE, required=False)
    legal_file = UploadField(kind="attachment", label=_("Berkas dasar hukum (mengganti yang lama)"), required=False)


class UnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["parent", "name", "kind", "level", "duties", "order"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        units = structure.units.all()
        if self.instance.pk:
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units
        self.fields["parent"].label = _("Unit induk")


class WorkloadForm(forms.Form):
    population = forms.IntegerField(label=_("Jumlah penduduk (jiwa)"), min_value=0)
    area_km2 = forms.DecimalField(label=_("Luas wilayah (km²)"), min_value=0, max_digits=12, decimal_places=2)
    apbd = forms.DecimalField(label=_("Jumlah APBD (Rp)"), min_value=0, max_digits=18, decimal_places=0)
    source = forms.CharField(label=_("Sumber data"), max_length=250, required=False)

    def __init__(self, *args, opds, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.opds = list(opds)
        initial_scores = initial_scores or {}
        for opd in self.opds:
            self.fields[f"technical_{opd.pk}"] = forms.DecimalField(
                label=opd.name, required=False, min_value=0, max_value=800, max_digits=6, decimal_places=2,
                initial=initial_scores.get(opd.pk),
            )

    def technical_rows(self):
        return [(opd, self[f"technical_{opd.pk}"]) for opd in self.opds]

    def technical_scores(self):
        return {
            opd: self.cleaned_data[f"technical_{opd.pk}"]
            for opd in self.opds
            if self.cleaned_data.get(f"technical_{opd.pk}") is not None
        }


class WorkloadUploadForm(forms.Form):
    file = UploadField(kind="worksheet", label=_("Berkas pemetaan (.xlsx)"))


class BaselineForm(forms.Form):
    posts_before = forms.IntegerField(label=_("Jabatan administrasi sebelum penyederhanaan"), min_value=1)
    note = forms.CharField(label=_("Keterangan"), max_length=250, required=False)


class ConversionForm(forms.ModelForm):
    class Meta:
        model = PostConversion
        fields = ["opd", "former_post", "former_level", "functional_position", "person_name", "person_nip",
                  "converted_on", "decree_number"]
        widgets = {"converted_on": DATE}

    def __init__(self, *args, pemda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.filter(pemda=pemda, is_active=True)


class MismatchForm(forms.ModelForm):
    class Meta:
        model = Mismatch
        fields = ["opd", "conversion", "post", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds
        self.fields["conversion"].queryset = PostConversion.objects.filter(opd__in=opds)
        self.fields["conversion"].required = False


class ProposalForm(forms.Form):
    proposal = forms.CharField(label=_("Usulan penyelesaian"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("resolve", _("Setujui (selesai)")),
                                                                ("refuse", _("Tolak"))])
    comment = forms.CharField(label=_("Catatan verifikasi"), widget=forms.Textarea(attrs={"rows": 3}))


class RegulationForm(forms.ModelForm):
    file = UploadField(kind="attachment", label=_("Berkas"), required=False)

    class Meta:
        model = Regulation
        fields = ["kind", "subject", "number", "enacted_on", "follows"]
        widgets = {"enacted_on": DATE}

    def __init__(self, *args, pemda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follows"].queryset = Regulation.objects.filter(
            is_model=True, pemda__province_id=pemda.province_id
        ).exclude(pemda=pemda)


class EnactForm(forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=100)
    enacted_on = forms.DateField(label=_("Tanggal penetapan"), widget=DATE)


class IssueForm(forms.ModelForm):
    class Meta:
        model = StrategicIssue
        fields = ["category", "title", "description", "raised_by", "raised_on"]
        widgets = {"raised_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class IssueStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StrategicIssue.Status.choices)
