from django import forms
from django.utils.translation import gettext_lazy as _

from reformportal.uploads import UploadField


class BlankUploadForm(forms.Form):
    file = UploadField(kind="blank", label=_("Blanko Anjab/ABK terisi (.xlsx)"))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
