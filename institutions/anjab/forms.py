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

    def clean(self):
        from .services import position_problems

        data = super().clean()
        problems = position_problems(
            self.abk, code=data.get("code", "").strip() or None, kind=data.get("kind"),
            functional_level=data.get("functional_level"), unit=None, exclude_pk=self.instance.pk,
        )
        for field, message in problems.items():
            self.add_error(field, message)
        if "code" in data:
            data["code"] = data["code"].strip()
        return data


def task_formset_class():
    return forms.inlineformset_factory(
        Position, Task, fields=["order", "description", "output", "output_unit", "volume", "period", "time_norm"],
        extra=3, can_delete=True,
        widgets={"description": forms.Textarea(attrs={"rows": 2})},
    )
