"""xlsx import and export of a maturity instrument's variables (one variable a row).

The import follows evaluations.resources: all or nothing, errors named by spreadsheet row and
column header; an instrument already answered in a round is not changed (make a new version
for the next years instead, as with the LKE).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from reformportal.spreadsheets import SafeExportMixin

from evaluations.resources import ColumnNamedErrorsMixin

from .models import PdAnswer, PdVariable

LEVEL_COLUMNS = ("Tingkat I", "Tingkat II", "Tingkat III", "Tingkat IV", "Tingkat V")
COLUMNS = ("Kode", "Nama", *LEVEL_COLUMNS, "Data dukung", "Urutan")


class RequiredText(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("wajib diisi"))
        return text


class PdVariableResource(ColumnNamedErrorsMixin, SafeExportMixin, resources.ModelResource):
    required_columns = ("Kode", "Nama", *LEVEL_COLUMNS)

    code = fields.Field(attribute="code", column_name="Kode", widget=RequiredText())
    name = fields.Field(attribute="name", column_name="Nama", widget=RequiredText())
    level_1 = fields.Field(attribute="level_1", column_name="Tingkat I", widget=RequiredText())
    level_2 = fields.Field(attribute="level_2", column_name="Tingkat II", widget=RequiredText())
    level_3 = fields.Field(attribute="level_3", column_name="Tingkat III", widget=RequiredText())
    level_4 = fields.Field(attribute="level_4", column_name="Tingkat IV", widget=RequiredText())
    level_5 = fields.Field(attribute="level_5", column_name="Tingkat V", widget=RequiredText())
    evidence = fields.Field(attribute="evidence", column_name="Data dukung", widget=widgets.CharWidget())
    order = fields.Field(attribute="order", column_name="Urutan", widget=widgets.IntegerWidget())

    class Meta:
        model = PdVariable
        fields = ("code", "name", "level_1", "level_2", "level_3", "level_4", "level_5", "evidence", "order")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True

    def __init__(self, instrument, **kwargs):
        super().__init__(**kwargs)
        self.instrument = instrument

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if PdAnswer.objects.filter(variable__instrument=self.instrument).exists():
            raise ValidationError(
                _("Instrumen ini sudah dipakai dalam penilaian; buat versi baru untuk tahun berikutnya.")
            )

    def get_queryset(self):
        return PdVariable.objects.filter(instrument=self.instrument)

    def init_instance(self, row=None):
        return PdVariable(instrument=self.instrument, is_provisional=False, source=self.instrument.source[:500])

    def before_save_instance(self, instance, row, **kwargs):
        if instance.order is None:
            instance.order = 0
