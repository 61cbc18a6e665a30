"""django-import-export resources for action plans.

ActionPlanResource imports rows already normalised by actionplans.blank (numbers, dates, themes),
keyed by OPD + year + code so that a re-upload updates instead of duplicating. It is built for
speed while keeping the audit trail: existing plans are loaded in one query (no per-row lookup),
unchanged rows are skipped, and new/changed rows are written in batches with their history rows
(simple_history's bulk helpers). Always run it through reformportal.spreadsheets.import_all_or_nothing.
"""

from django.utils import timezone
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from reformportal.spreadsheets import SafeExportMixin, as_read_back

from .columns import PLAN_FIELDS
from .models import ActionPlan

# the blank's columns (actionplans.columns) plus the plan's key; each imports a value already
# normalised by actionplans.blank into this attribute, as is
ATTRIBUTE_OF = {
    "opd": "opd_id", "theme": "theme_id", "kegiatan_utama": "kegiatan_utama_id", "sasaran_tematik": "sasaran_tematik_id",
}
VALUE_FIELDS = [ATTRIBUTE_OF.get(key, key) for key in PLAN_FIELDS if key != "code"]


class ActionPlanResource(SafeExportMixin, resources.ModelResource):
    class Meta:
        model = ActionPlan
        fields = ["opd", "year", *PLAN_FIELDS]
        import_id_fields = ["opd", "year", "code"]
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False
        force_init_instance = False

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """A plain Widget on the model attribute (theme_id, not a Theme lookup per row)."""
        return fields.Field(attribute=ATTRIBUTE_OF.get(field_name, field_name), column_name=field_name, widget=widgets.Widget())

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._existing = {}
        self._snapshots = {}
        # (attribute, column) of every import field: all are plain Widgets over values already
        # normalised by actionplans.blank, so importing a field is setting its attribute
        self._import_pairs = [
            (f.attribute, f.column_name) for f in self.get_import_fields()
            if f.attribute and not f.readonly and not isinstance(f.widget, widgets.ManyToManyWidget)
        ]
        assert all(type(f.widget) is widgets.Widget and "__" not in (f.attribute or "") for f in self.get_import_fields())

    def before_import(self, dataset, **kwargs):
        """Load the plans of every (OPD, year) in the file in one query."""
        pairs = {(row[0], row[1]) for row in dataset}
        qs = ActionPlan.objects.none()
        for opd_id, year in pairs:
            qs = qs | ActionPlan.objects.filter(opd_id=opd_id, year=year)
        self._existing = {_key(p.opd_id, p.year, p.code): p for p in qs} if pairs else {}
        self._snapshots = {key: _values(p) for key, p in self._existing.items()}

    def import_instance(self, instance, row, **kwargs):
        """What import-export's field-by-field import does for plain Widget fields (the value is
        set as is; a missing column is skipped), without its per-field machinery: this runs
        for every row of both the preview and the confirmation."""
        for attribute, column in self._import_pairs:
            if column in row:
                setattr(instance, attribute, row[column])

    def get_instance(self, instance_loader, row):
        return self._existing.get(_key(row["opd"], row["year"], str(row["code"])))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return self._snapshots.get(_key(instance.opd_id, instance.year, instance.code)) == _values(instance)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk:
            instance.updated_at = timezone.now()

    def get_bulk_update_fields(self):
        return [*VALUE_FIELDS, "updated_at"]

    # A dry run (the preview) does not write: every rule a write could break (codes unique per
    # OPD and year, themes of the year, positive weights) was checked by actionplans.blank and
    # by the instance lookup above, and confirming runs the same rows inside a transaction.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
        if self.create_instances:
            try:
                bulk_create_with_history(self.create_instances, ActionPlan, batch_size=batch_size, default_user=self.user)
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
        if self.update_instances:
            try:
                bulk_update_with_history(
                    self.update_instances, ActionPlan, self.get_bulk_update_fields(), batch_size=batch_size,
                    default_user=self.user,
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.update_instances.clear()


def _key(opd_id, year, code):
    return opd_id, year, as_read_back(code).lower()


def _values(plan):
    # as_read_back: a stored CR LF that the blank gives back as LF is no edit
    return tuple(as_read_back(getattr(plan, f)) for f in VALUE_FIELDS)
