import functools

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Pemda
from reformportal.uploads import UploadField

from .models import AgendaItem, Attendance, Decision, ExternalUnit, FollowUp, Meeting, MeetingRecommendation
from .services import RowChange

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua jenis"))] + Meeting.Kind.choices)
    pemda = forms.ModelChoiceField(label=_("Pemerintah daerah"), required=False, queryset=Pemda.objects.none(), empty_label=_("Semua"))
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, pemdas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemda"].queryset = pemdas


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "pemda", "organiser", "kind", "title", "starts_at", "ends_at", "venue", "online_link",
            "chair_name", "chair_title", "chair_nip", "invited_opds", "attending_opds", "external_units",
            "strategic_issues", "other_units", "declared_participants", "status", "minutes",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "other_units": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 12, "class": "rich"}),
            "invited_opds": forms.SelectMultiple(attrs={"size": 8}),
            "attending_opds": forms.SelectMultiple(attrs={"size": 8}),
            "external_units": forms.SelectMultiple(attrs={"size": 4}),
            "strategic_issues": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "minutes": _("Format sederhana (paragraf, tebal, daftar, tabel). Skrip dan gaya dibuang."),
            "strategic_issues": _("Isu kelembagaan dari kabupaten/kota yang dibahas dalam rapat ini."),
        }

    def __init__(self, *args, pemdas, units, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemda"].queryset = pemdas
        self.fields["strategic_issues"].queryset = issues
        self.fields["strategic_issues"].label_from_instance = link_label
        if self.instance.pk:
            # only the linked issues the user sees are shown (and kept by the service)
            self.initial["strategic_issues"] = [i.pk for i in issues.filter(meetings=self.instance)]
        self.fields["organiser"].queryset = units
        self.fields["invited_opds"].queryset = units
        self.fields["attending_opds"].queryset = units
        self.fields["external_units"].queryset = ExternalUnit.objects.all()
        self.fields["status"].choices = [c for c in Meeting.Status.choices if c[0] != Meeting.Status.APPROVED]
        if self.instance.pk and self.instance.minutes_locked:
            self.fields["minutes"].disabled = True
            self.fields["status"].disabled = True
            self.fields["status"].choices = Meeting.Status.choices

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("Waktu selesai tidak boleh sebelum waktu mulai."))
        if not data.get("venue") and not data.get("online_link"):
            self.add_error("venue", _("Isi tempat rapat atau tautan daring."))
        organiser, pemda = data.get("organiser"), data.get("pemda")
        if organiser and pemda and organiser.pemda_id != pemda.pk:
            self.add_error("organiser", _("Unit penyelenggara harus perangkat daerah pemerintah daerah penyelenggara."))
        return data

    def meeting_fields(self):
        data = dict(self.cleaned_data)
        for name in ("pemda", "invited_opds", "attending_opds", "external_units", "strategic_issues"):
            data.pop(name, None)
        return data


def link_label(row):
    """A strategic issue or a regulation in a choice list: whose it is, then what it is."""
    return f"{row.pemda.name} · {row}"


class UnitChoicesFormSet(BaseInlineFormSet):
    """An inline formset whose OPD choices are limited to the units the user may pick, and whose
    links to other apps' rows (`links`: field name -> queryset) to the rows the user sees."""

    unit_fields = ()

    def __init__(self, *args, units=None, links=None, **kwargs):
        self.units = units
        self.links = links or {}
        self.shared_choices = {}
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        self.limit_choices(form)
        self.share_choices(form)

    def limit_choices(self, form):
        for name in self.unit_fields:
            if name in form.fields and self.units is not None:
                form.fields[name].queryset = self.units
        for name, queryset in self.links.items():
            if name in form.fields:
                form.fields[name].queryset = queryset
                form.fields[name].label_from_instance = link_label

    def share_choices(self, form):
        """Every form of the formset (each row of an edited meeting, the extra and the empty one)
        offers the same choices: each list is read once, when first shown, not once per form."""
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField) and not field.widget.is_hidden:
                if name not in self.shared_choices:
                    # a comprehension, not list(): list() would ask the iterator its length, a COUNT
                    read_once = functools.cache(lambda choices=field.choices: [choice for choice in choices])
                    self.shared_choices[name] = read_once
                field.choices = self.shared_choices[name]

    def changes(self):
        """RowChange objects for the service: new, changed and deleted rows (untouched ones skipped)."""
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            deleted = self.can_delete and form.cleaned_data.get("DELETE")
            if not deleted and not form.has_changed():
                continue
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("DELETE", "id", "meeting")}
            rows.append(RowChange(data=data, instance=form.instance if form.instance.pk else None, delete=bool(deleted)))
        return rows


class FollowUpInlineFormSet(UnitChoicesFormSet):
    unit_fields = ("opd",)

    def limit_choices(self, form):
        super().limit_choices(form)
        if self.units is not None and "action_plan" in form.fields:
            from actionplans.models import ActionPlan

            recent = timezone.localdate().year - 1
            form.fields["action_plan"].queryset = ActionPlan.objects.filter(opd__in=self.units, year__gte=recent)
        if self.units is not None and "lhe_recommendation" in form.fields:
            from evaluations.models import Recommendation

            form.fields["lhe_recommendation"].queryset = Recommendation.objects.filter(
                lhe__pemda__in=self.units.values("pemda_id")
            ).exclude(status=Recommendation.Status.CLOSED).select_related("finding", "lhe__pemda")


class RecommendationInlineFormSet(UnitChoicesFormSet):
    unit_fields = ("addressee_opd",)

    def limit_choices(self, form):
        super().limit_choices(form)
        if self.units is not None:
            form.fields["addressee_pemda"].queryset = Pemda.objects.filter(
                pk__in=self.units.values("pemda_id")
            ).select_related("province")

    def clean(self):
        super().clean()
        for form in self.forms:
            if getattr(form, "cleaned_data", None):
                _check_recommendation_form(form)


AgendaFormSet = inlineformset_factory(
    Meeting, AgendaItem, formset=UnitChoicesFormSet, fields=["order", "title", "speaker"], extra=1, can_delete=True,
    widgets={"order": forms.NumberInput(attrs={"class": "order"})},
)
DecisionFormSet = inlineformset_factory(
    Meeting, Decision, formset=UnitChoicesFormSet, fields=["order", "text"], extra=1, can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2}), "order": forms.NumberInput(attrs={"class": "order"})},
)
RecommendationFormSet = inlineformset_factory(
    Meeting, MeetingRecommendation, formset=RecommendationInlineFormSet,
    fields=[
        "order", "text", "addressee_kind", "addressee_opd", "addressee_pemda", "addressee_external", "addressee_note",
        "strategic_issue",
    ],
    extra=1, can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2}), "order": forms.NumberInput(attrs={"class": "order"})},
)
FOLLOW_UP_FORM_FIELDS = ["title", "opd", "due_date", "description", "action_plan", "lhe_recommendation", "regulation"]
FollowUpFormSet = inlineformset_factory(
    Meeting, FollowUp, formset=FollowUpInlineFormSet, fields=FOLLOW_UP_FORM_FIELDS, extra=2, can_delete=True,
    widgets={"due_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 2})},
)


def _check_recommendation_form(form):
    data = form.cleaned_data
    kind = data.get("addressee_kind")
    if not data.get("text") or data.get("DELETE"):
        return
    if kind == MeetingRecommendation.Addressee.OPD and not data.get("addressee_opd"):
        form.add_error("addressee_opd", _("Pilih perangkat daerah penerima rekomendasi."))
    if kind == MeetingRecommendation.Addressee.CENTRAL and not (data.get("addressee_external") or data.get("addressee_note")):
        form.add_error("addressee_external", _("Pilih instansi pusat penerima rekomendasi."))


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["name", "unit_name", "position", "mode"]


AttendanceFormSet = forms.modelformset_factory(Attendance, form=AttendanceForm, extra=3, can_delete=True)


class AttendanceImportForm(forms.Form):
    file = UploadField(kind="attendance", label=_("Berkas daftar hadir (.xlsx)"))


class AttachmentForm(forms.Form):
    label = forms.CharField(label=_("Keterangan"), max_length=200)
    file = UploadField(kind="attachment", label=_("Berkas"))


class FollowUpUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    progress_note = forms.CharField(label=_("Catatan perkembangan"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_file = UploadField(kind="evidence", label=_("Bukti (berkas)"), required=False)
    evidence_link = forms.URLField(label=_("Bukti (tautan)"), required=False, assume_scheme="https")

    def __init__(self, *args, follow_up, **kwargs):
        self.follow_up = follow_up
        kwargs.setdefault(
            "initial",
            {"status": follow_up.status, "progress_note": follow_up.progress_note, "evidence_link": follow_up.evidence_link},
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("status") == FollowUp.Status.DONE and not self.follow_up.is_closed:
            if not (data.get("evidence_file") or data.get("evidence_link") or self.follow_up.has_evidence):
                self.add_error("evidence_file", _("Lampirkan bukti (berkas atau tautan) untuk menyelesaikan tindak lanjut."))
        return data
