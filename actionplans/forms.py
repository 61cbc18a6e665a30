from django import forms
from django.utils.translation import gettext_lazy as _

from reformportal.uploads import UploadField

from .columns import PLAN_FIELDS
from .models import QUARTER_CHOICES, ActionPlan, KegiatanUtama, ProgressReport, ProvinceTarget, SasaranTematik, Theme


def localize_numbers(form, *names):
    """Number fields typed as the user's locale writes them (12,5 in Indonesian)."""
    for name in names:
        form.fields[name].localize = True
        form.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        form.fields[name].widget.is_localized = True


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = list(PLAN_FIELDS)  # the blank's columns, in its order (actionplans.columns)
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "problem": forms.Textarea(attrs={"rows": 2}),
            "expected_impact": forms.Textarea(attrs={"rows": 2}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
            "formula": forms.Textarea(attrs={"rows": 2}),
            "output_indicator": forms.Textarea(attrs={"rows": 2}),
            "coordinators": forms.Textarea(attrs={"rows": 2}),
            "implementers": forms.Textarea(attrs={"rows": 2}),
            "activities": forms.Textarea(attrs={"rows": 3}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, year, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.opd = opd
        self.fields["theme"].queryset = Theme.objects.filter(programme__year=year).select_related("programme").order_by("programme__kind", "order")
        self.fields["kegiatan_utama"].queryset = KegiatanUtama.objects.filter(pemda_id=opd.pemda_id, year=year).order_by("code")
        self.fields["sasaran_tematik"].queryset = (
            SasaranTematik.objects.filter(pemda_id=opd.pemda_id, year=year).select_related("theme").order_by("code")
        )
        self.fields["sasaran_tematik"].label_from_instance = lambda goal: f"{goal.theme.code} · {goal}"
        localize_numbers(self, "annual_target", "baseline", "target_q1", "target_q2", "target_q3", "target_q4", "budget", "weight")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        qs = ActionPlan.objects.filter(opd=self.opd, year=self.year, code__iexact=code)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai rencana aksi lain pada tahun %(year)s.") % {"year": self.year})
        return code

    def clean(self):
        data = super().clean()
        targets = [data.get(f"target_q{q}") for q in (1, 2, 3, 4)]
        annual = data.get("annual_target")
        if None in targets or annual is None:
            return data
        if data.get("target_mode") == ActionPlan.TargetMode.CUMULATIVE:
            if any(b < a for a, b in zip(targets, targets[1:])):
                self.add_error("target_q4", _("Mode akumulatif: target TW I–IV tidak boleh turun."))
            elif targets[3] != annual:
                self.add_error("target_q4", _("Mode akumulatif: target TW IV harus sama dengan target tahunan."))
        elif sum(targets) != annual:
            self.add_error("annual_target", _("Mode per triwulan: jumlah target TW I–IV harus sama dengan target tahunan."))
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["realisation", "narrative", "supporting_factors", "obstacles", "solutions"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "supporting_factors": forms.Textarea(attrs={"rows": 2}),
            "obstacles": forms.Textarea(attrs={"rows": 2}),
            "solutions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize_numbers(self, "realisation")
        self.fields["realisation"].required = True


class EvidenceForm(forms.Form):
    label = forms.CharField(label=_("Keterangan"), max_length=200)
    file = UploadField(kind="evidence", label=_("Berkas"), required=False)
    url = forms.URLField(label=_("atau tautan"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Unggah satu berkas atau isi satu tautan."))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BlankUploadForm(forms.Form):
    file = UploadField(kind="blank", label=_("Blanko terisi (.xlsx)"))


class ProvinceTargetForm(forms.Form):
    min_percent = forms.DecimalField(label=_("Persentase minimal rencana aksi tercapai"), min_value=0, max_value=100, decimal_places=2, localize=True)
    quarter = forms.TypedChoiceField(label=_("Sampai triwulan"), coerce=int, choices=QUARTER_CHOICES)
    basis = forms.ChoiceField(label=_("Tercapai terhadap"), choices=ProvinceTarget.Basis.choices, required=False)


class ReportingWindowForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Triwulan"), coerce=int, choices=QUARTER_CHOICES)
    opens_on = forms.DateField(label=_("Dibuka"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Ditutup (hari terakhir)"), widget=forms.DateInput(attrs={"type": "date"}))


class WindowReopenForm(forms.Form):
    window = forms.ModelChoiceField(label=_("Masa pelaporan"), queryset=None)
    opd = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=None)
    until = forms.DateField(label=_("Dibuka sampai"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, windows, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows
        self.fields["opd"].queryset = opds


class KegiatanUtamaForm(forms.ModelForm):
    class Meta:
        model = KegiatanUtama
        fields = ["code", "name", "indicator", "unit", "target"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "indicator": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        localize_numbers(self, "target")


class SasaranTematikForm(forms.ModelForm):
    class Meta:
        model = SasaranTematik
        fields = ["theme", "code", "name", "indicator", "unit", "annual_target"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "indicator": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = (
            Theme.objects.filter(programme__year=year).exclude(programme__kind="general").select_related("programme").order_by("order")
        )
        localize_numbers(self, "annual_target")
