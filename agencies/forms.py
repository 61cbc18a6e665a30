from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    DAY_CHOICES = [("7", _("7 hari")), ("30", _("30 hari")), ("90", _("90 hari"))]

    name = forms.CharField(
        label=_("Nama token"), max_length=100, help_text=_("Untuk apa token ini, misalnya \"Integrasi SIMONA\".")
    )
    days = forms.ChoiceField(label=_("Berlaku"), choices=DAY_CHOICES, initial="30")
