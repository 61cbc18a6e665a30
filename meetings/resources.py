"""django-import-export resource for a meeting's attendance list (daftar hadir).

Like the other imports (actionplans.resources, evaluations.resources) it runs through
`reformportal.spreadsheets.import_all_or_nothing`: the rows come already checked and normalised
(meetings.imports.parse_attendance for a sheet, the API serializer for JSON), every row is
written or none. Importing replaces the meeting's list: the old rows are deleted one by one (the
audit trail keeps each) and the new ones written in one batch with their history rows.
"""

from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history

from .models import Attendance

COLUMNS = ["order", "name", "unit_name", "position", "mode", "opd"]


def _field(attribute, column):
    return fields.Field(attribute=attribute, column_name=column, widget=widgets.Widget())


class AttendanceResource(resources.ModelResource):
    order = _field("order", "order")
    name = _field("name", "name")
    unit_name = _field("unit_name", "unit_name")
    position = _field("position", "position")
    mode = _field("mode", "mode")
    opd = _field("opd_id", "opd")

    class Meta:
        model = Attendance
        fields = COLUMNS
        import_id_fields = []  # every row is new: the list is replaced
        force_init_instance = True
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        clean_model_instances = False

    def __init__(self, meeting, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.meeting = meeting
        self.user = user
        self.written = []

    def before_import(self, dataset, **kwargs):
        for old in self.meeting.attendance.all():
            old.delete()  # one by one, so the audit trail keeps each removed row

    def init_instance(self, row=None):
        return Attendance(meeting=self.meeting)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances:
            try:
                self.written = bulk_create_with_history(
                    self.create_instances, Attendance, batch_size=batch_size, default_user=self.user
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()
