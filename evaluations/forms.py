from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Opd, Pemda
from reformportal.uploads import UploadField

from . import services
from .models import Lhe
from .predikat import Predikat, default_target


class DecimalTextField(forms.CharField):
    """A number typed the Indonesian or the English way ("12,5" or "12.5")."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return services.parse_decimal(value)
        except ValueError:
            raise forms.ValidationError(_("'%(value)s' bukan angka.") % {"value": value}) from None


def plain_number(value):
    """Decimal("0.600") -> "0.6", Decimal("60.000") -> "60", None -> ""."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class DateInput(forms.DateInput):
    input_type = "date"


class LheForm(forms.Form):
    pemda = forms.ModelChoiceField(
        Pemda.objects.none(), label=_("Pemerintah daerah"), empty_label=_("— pilih pemerintah daerah —")
    )
    year = forms.IntegerField(label=_("Tahun dievaluasi"), min_value=2010, max_value=2100)
    kind = forms.ChoiceField(label=_("Jenis evaluasi"), choices=Lhe.Kind.choices)
    date = forms.DateField(label=_("Tanggal LHE"), widget=DateInput)
    number = forms.CharField(label=_("Nomor LHE"), required=False, max_length=100)
    document = UploadField(kind="lhe_document", label=_("Dokumen LHE (PDF)"), required=False)
    index_entered = DecimalTextField(
        label=_("Indeks RB (bila hanya total yang diketahui)"), required=False,
        help_text=_("Kosongkan bila nilai per unsur akan diisi; indeks lalu dihitung dari pohon penilaian."),
    )
    target_predikat = forms.ChoiceField(label=_("Target predikat"), choices=Predikat.choices, initial=default_target)
    summary = forms.CharField(label=_("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        pemdas = Pemda.objects.visible_to(user).select_related("province", "regency")
        self.fields["pemda"].queryset = pemdas.filter(
            pk__in=[p.pk for p in pemdas if services.can_record_lhe(user, p)]
        )


class LheEditForm(forms.Form):
    date = forms.DateField(label=_("Tanggal LHE"), widget=DateInput)
    number = forms.CharField(label=_("Nomor LHE"), required=False, max_length=100)
    document = UploadField(kind="lhe_document", label=_("Ganti dokumen LHE (PDF)"), required=False)
    index_entered = DecimalTextField(label=_("Indeks RB (bila hanya total yang diketahui)"), required=False)
    target_predikat = forms.ChoiceField(label=_("Target predikat"), choices=Predikat.choices)
    summary = forms.CharField(label=_("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ScoresForm(forms.Form):
    """One field per node of the LHE's framework (`node_<pk>`), blank = not scored."""

    def __init__(self, *args, nodes, initial_scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes = nodes
        for node in nodes:
            self.fields[f"node_{node.pk}"] = DecimalTextField(
                label=f"{node.code} {node.name}", required=False,
                initial=initial_scores.get(node.pk),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "data-max": node.max_score}),
            )

    def values(self):
        return {node: self.cleaned_data.get(f"node_{node.pk}") for node in self.nodes}

    def rows(self):
        return [(node, self[f"node_{node.pk}"]) for node in self.nodes]


class FindingForm(forms.Form):
    node = forms.ModelChoiceField(None, label=_("Area/komponen"), required=False)
    description = forms.CharField(label=_("Uraian temuan"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, lhe, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = lhe.framework.nodes.exclude(kind="kriteria").order_by("order")


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 3}))
    opds = forms.ModelMultipleChoiceField(
        None, label=_("Perangkat daerah penanggung jawab"), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    due_date = forms.DateField(label=_("Batas waktu"), widget=DateInput)

    def __init__(self, *args, lhe, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opds"].queryset = Opd.objects.filter(pemda=lhe.pemda, is_active=True).order_by("code")


class FollowUpForm(forms.Form):
    narrative = forms.CharField(label=_("Uraian tindak lanjut"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = UploadField(kind="evidence", label=_("Data dukung (berkas)"), required=False)
    evidence_link = forms.URLField(label=_("atau tautan data dukung"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("evidence") and not data.get("evidence_link") and not self.errors:
            raise forms.ValidationError(_("Lampirkan data dukung (berkas atau tautan)."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("close", _("Terima dan tutup")), ("return", _("Kembalikan untuk diperbaiki"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Catatan penelaah"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Tuliskan alasan pengembalian."))
        return data


class WorksheetForm(forms.Form):
    file = UploadField(kind="worksheet", label=_("Berkas .xlsx"))


class WhatIfForm(forms.Form):
    """What-if values for the improvement units of an LHE; nothing is saved."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        for row in units:
            self.fields[f"node_{row.node.pk}"] = DecimalTextField(
                label=f"{row.node.code} {row.node.name}", required=False,
                initial=plain_number(row.score),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )

    def clean(self):
        data = super().clean()
        for row in self.units:
            value = data.get(f"node_{row.node.pk}")
            if value is not None and (value < 0 or value > row.node.max_score):
                self.add_error(
                    f"node_{row.node.pk}",
                    _("Nilai harus antara 0 dan %(max)s.") % {"max": services.number_text(row.node.max_score)},
                )
        return data

    def overrides(self):
        """Posted values by node id; a field left out of the post keeps the saved score."""
        return {
            row.node.pk: self.cleaned_data.get(f"node_{row.node.pk}")
            for row in self.units
            if f"node_{row.node.pk}" in self.data
        }

    def rows(self):
        return [(row, self[f"node_{row.node.pk}"]) for row in self.units]


class ObjectionForm(forms.Form):
    """A sanggah on one scored node of an internal LHE."""

    node = forms.ModelChoiceField(label=_("Unsur yang disanggah"), queryset=None)
    argument = forms.CharField(label=_("Alasan sanggahan"), widget=forms.Textarea(attrs={"rows": 4}))
    proposed_value = DecimalTextField(label=_("Nilai yang diusulkan"), required=False)
    evidence = UploadField(kind="evidence", label=_("Data dukung (berkas)"), required=False)
    evidence_link = forms.URLField(label=_("atau tautan data dukung"), required=False, assume_scheme="https")

    def __init__(self, *args, lhe, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = lhe.framework.nodes.filter(scores__lhe=lhe).order_by("order", "code")

    def clean(self):
        data = super().clean()
        if not data.get("evidence") and not data.get("evidence_link") and not self.errors:
            raise forms.ValidationError(_("Lampirkan data dukung (berkas atau tautan)."))
        return data


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("accept", _("Terima: ubah nilai")), ("reject", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    new_value = DecimalTextField(label=_("Nilai baru"), required=False)
    reason = forms.CharField(label=_("Alasan keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and data.get("new_value") is None:
            self.add_error("new_value", _("Isi nilai baru unsur ini."))
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasan penolakan."))
        return data
