from django import forms
from django.utils.translation import gettext_lazy as _

from reformportal.uploads import UploadField

from .models import Position, Task


class BlankUploadForm(forms.Form):
    file = UploadField(kind="blank", label=_("Blanko Anjab/ABK terisi (.xlsx)"))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["code", "unit", "kind", "functional_level", "name", "grade", "in_post", "summary", "education", "training",
                  "experience"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("summary", "education", "training", "experience")}

    def __init__(self, *args, abk, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.abk = abk
        self.fields["unit"].queryset = units
        for name in ("grade", "in_post"):
            self.fields[name].localize = True

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Position.objects.filter(abk=self.abk, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Kode jabatan ini sudah dipakai pada ABK ini."))
        return code

    def clean(self):
        data = super().clean()
        kind, level = data.get("kind"), data.get("functional_level")
        if kind and (kind == "fungsional") != bool(level):
            self.add_error("functional_level", _("Jenjang diisi untuk jabatan fungsional saja, dan wajib untuknya."))
        return data


def task_formset_class():
    return forms.inlineformset_factory(
        Position, Task, fields=["order", "description", "output", "output_unit", "volume", "period", "time_norm"],
        extra=3, can_delete=True,
        widgets={"description": forms.Textarea(attrs={"rows": 2})},
    )
