"""xlsx import and export of frameworks (LKE trees) and scored worksheets (django-import-export).

Both imports run through `reformportal.spreadsheets.import_all_or_nothing`: one bad row and
nothing is written. Errors name the spreadsheet row and the column header as the user sees it
("Baris 7, kolom Nilai: '12,5,0' bukan angka"). Scores are saved through
`services.set_scores`, so an imported worksheet obeys the same rules as the form.
"""

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from reformportal.spreadsheets import DEFAULT_MAX_ROWS, SafeExportMixin, open_workbook, read_rows

from . import services
from .frameworks import tree_errors
from .models import FrameworkNode, Score


def _text(value):
    return "" if value is None else str(value).strip()


class NumberWidget(widgets.Widget):
    """Accepts 12,5 and 12.5; refuses ambiguous text with the value quoted."""

    def clean(self, value, row=None, **kwargs):
        try:
            return services.parse_decimal(value)
        except ValueError:
            raise ValueError(_("'%(value)s' bukan angka") % {"value": _text(value)}) from None

    def render(self, value, obj=None, **kwargs):
        return value


class NodeWidget(widgets.Widget):
    """A node of one framework, given by its code."""

    def __init__(self, framework, *, required=True):
        self.framework = framework
        self.required = required

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            if self.required:
                raise ValueError(_("wajib diisi"))
            return None
        node = FrameworkNode.objects.filter(framework=self.framework, code=code).first()
        if node is None:
            raise ValueError(
                _("kode '%(code)s' tidak ada dalam kerangka %(framework)s") % {"code": code, "framework": self.framework}
            )
        return node

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value).lower().replace("-", "").replace(" ", "")
        for kind in FrameworkNode.Kind:
            if text in (kind.value, str(kind.label).lower().replace(" ", "")):
                return kind.value
        raise ValueError(
            _("'%(value)s' bukan jenis yang dikenal (komponen, subkomponen, kriteria)") % {"value": _text(value)}
        )

    def render(self, value, obj=None, **kwargs):
        return value


class ColumnNamedErrorsMixin:
    """Report errors under the column header the user sees, not the model field name."""

    required_columns = ()

    def before_import(self, dataset, **kwargs):
        missing = [column for column in self.required_columns if column not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                _("Kolom wajib tidak ditemukan: %(columns)s. Gunakan templat yang disediakan.")
                % {"columns": ", ".join(missing)}
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Blank lines are kept in the dataset so that row numbers match the spreadsheet's.
        if all(value is None or not str(value).strip() for value in row.values()):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            columns = {field.attribute: field.column_name for field in self.get_import_fields()}
            raise ValidationError(
                {columns.get(name, name): messages for name, messages in exc.message_dict.items()}
            ) from None


def worksheet_dataset(fileobj, *, max_rows=DEFAULT_MAX_ROWS):
    """The first sheet as a tablib.Dataset whose row i is spreadsheet row i + 1 (header on row 1).

    Unlike `workbook_to_dataset`, blank lines stay in (the resources skip them), so every error
    names the row the user sees in Excel.
    """
    workbook = open_workbook(fileobj, read_only=True)
    try:
        rows = [list(values) for _, values in read_rows(workbook, max_rows=max_rows, skip_empty=False)]
    finally:
        workbook.close()
    while rows and all(v is None or not str(v).strip() for v in rows[-1]):
        rows.pop()
    if not rows:
        raise ValidationError(_("Lembar kerja kosong."))
    headers = [_text(v) for v in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for values in rows[1:]:
        dataset.append((values + [None] * width)[:width])
    return dataset


# The official LKE workbook's headings, mapped onto the portal's columns.
LKE_HEADERS = {
    "no": "Kode", "no.": "Kode", "nomor": "Kode", "kode": "Kode",
    "komponen": "Nama", "komponen/sub komponen/kriteria": "Nama", "penilaian": "Nama", "uraian": "Nama",
    "nama": "Nama", "unsur": "Nama",
    "bobot": "Bobot", "range nilai": "Nilai maksimum", "range": "Nilai maksimum",
    "nilai maksimum": "Nilai maksimum", "penjelasan": "Uraian", "keterangan": "Uraian",
}


def _range_top(value):
    """ "0-100", "0 – 5", "0,00-100,00" → the upper bound as text; other values unchanged."""
    text = _text(value)
    for dash in ("–", "—"):
        text = text.replace(dash, "-")
    if "-" in text:
        return text.rsplit("-", 1)[1].strip()
    return value


def official_layout(dataset):
    """Accept the official LKE workbook as KemenPAN-RB issues it.

    Its headings (No, Penilaian, Bobot, Range Nilai, Penjelasan) are renamed to the portal's; a
    sheet without Jenis/Induk takes them from dotted codes (G.A.1's parent is G.A; a root is a
    komponen, a node with children a subkomponen, the rest kriteria).
    """
    if "Jenis" in (dataset.headers or []):
        return dataset
    headers = [LKE_HEADERS.get(_text(h).lower(), _text(h)) for h in dataset.headers]
    rows = [dict(zip(headers, values)) for values in dataset]
    codes = {_text(row.get("Kode")) for row in rows} - {""}
    parents = {code: code.rsplit(".", 1)[0] if "." in code and code.rsplit(".", 1)[0] in codes else ""
               for code in codes}
    with_children = set(parents.values())
    out = tablib.Dataset(headers=["Kode", "Induk", "Jenis", "Nama", "Bobot", "Nilai maksimum", "Sumber", "Uraian"])
    for row in rows:
        code = _text(row.get("Kode")).rstrip(".")
        if not code:
            out.append([None] * 8)  # a blank or heading line keeps its row number
            continue
        parent = parents.get(code, "")
        kind = "komponen" if not parent else ("subkomponen" if code in with_children else "kriteria")
        out.append([code, parent, kind, row.get("Nama"), row.get("Bobot"), _range_top(row.get("Nilai maksimum")),
                    row.get("Sumber"), row.get("Uraian")])
    return out


class FrameworkNodeResource(ColumnNamedErrorsMixin, SafeExportMixin, resources.ModelResource):
    """A framework's tree, one node a row; parents must come before their children.

    An imported weight is official: it loses its provisional mark and takes the sheet's source.
    The tree must add up (`frameworks.check_tree`), and a tree an LHE is scored on is not
    rewritten in place: its new version is imported instead.
    """

    required_columns = ("Kode", "Jenis", "Nama", "Bobot")

    def __init__(self, framework, **kwargs):
        super().__init__(**kwargs)
        self.framework = framework
        self.fields["parent"].widget = NodeWidget(framework, required=False)
        self.row_order = 0

    code = fields.Field(attribute="code", column_name="Kode", widget=widgets.CharWidget())
    parent = fields.Field(attribute="parent", column_name="Induk")
    kind = fields.Field(attribute="kind", column_name="Jenis", widget=KindWidget())
    name = fields.Field(attribute="name", column_name="Nama", widget=widgets.CharWidget())
    weight = fields.Field(attribute="weight", column_name="Bobot", widget=NumberWidget())
    max_score = fields.Field(attribute="max_score", column_name="Nilai maksimum", widget=NumberWidget())
    order = fields.Field(attribute="order", column_name="Urutan", widget=NumberWidget())
    source = fields.Field(attribute="source", column_name="Sumber", widget=widgets.CharWidget())
    description = fields.Field(attribute="description", column_name="Uraian", widget=widgets.CharWidget())

    class Meta:
        model = FrameworkNode
        fields = ("code", "parent", "kind", "name", "weight", "max_score", "order", "source", "description")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True

    def get_queryset(self):
        return FrameworkNode.objects.filter(framework=self.framework).select_related("parent")

    def init_instance(self, row=None):
        return FrameworkNode(framework=self.framework)

    def import_data(self, dataset, *args, **kwargs):
        return super().import_data(official_layout(dataset), *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if Score.objects.filter(node__framework=self.framework).exists():
            raise ValidationError(
                _("Kerangka %(framework)s sudah dipakai menilai LHE; pohonnya tidak diubah di tempat. "
                  "Impor ke versi baru kerangka.") % {"framework": self.framework}
            )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name not in row and field.attribute in ("max_score", "order", "parent", "source", "description"):
            return  # optional columns
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        if result.has_errors() or result.has_validation_errors():
            return
        errors = tree_errors(list(FrameworkNode.objects.filter(framework=self.framework)), self.framework.max_total)
        if errors:
            raise ValueError(" ".join(errors))  # reported as a general error; the transaction rolls back

    def before_save_instance(self, instance, row, **kwargs):
        instance.provisional = False
        if not instance.source:
            instance.source = _("Lembar kerja LKE yang diimpor")
        self.row_order += 1
        if instance.max_score is None:
            instance.max_score = 1 if instance.kind == FrameworkNode.Kind.CRITERION else instance.weight
        if instance.order is None:
            instance.order = self.row_order
        instance.order = int(instance.order)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Defaults first, so that full_clean sees a complete node.
        if instance.max_score is None and instance.weight is not None:
            instance.max_score = 1 if instance.kind == FrameworkNode.Kind.CRITERION else instance.weight
        if instance.order is None:
            instance.order = 0
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def dehydrate_parent(self, node):
        return node.parent.code if node.parent_id else ""


class ScoreResource(ColumnNamedErrorsMixin, SafeExportMixin, resources.ModelResource):
    """A scored worksheet for one LHE: a row per scored node (Kode, Nilai)."""

    required_columns = ("Kode", "Nilai")

    def __init__(self, lhe, *, by, **kwargs):
        super().__init__(**kwargs)
        self.lhe = lhe
        self.by = by
        self.fields["node"].widget = NodeWidget(lhe.framework)
        self.collected = {}
        self.seen = set()

    node = fields.Field(attribute="node", column_name="Kode")
    value = fields.Field(attribute="value", column_name="Nilai", widget=NumberWidget())

    class Meta:
        model = Score
        fields = ("node", "value")
        import_id_fields = ("node",)
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True

    def get_queryset(self):
        return Score.objects.filter(lhe=self.lhe).select_related("node")

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unknown code is reported as a field error by import_instance

    def init_instance(self, row=None):
        return Score(lhe=self.lhe)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if "value" not in errors:
            if instance.value is None:
                errors["value"] = ValidationError(_("wajib diisi"))
            elif instance.node_id and "node" not in errors:
                problem = services.validate_scores(self.lhe, {instance.node: instance.value})
                if problem:
                    errors["value"] = ValidationError(problem)
        if instance.node_id and "node" not in errors:
            if instance.node_id in self.seen:
                errors["node"] = ValidationError(_("kode %(code)s muncul lebih dari sekali") % {"code": instance.node.code})
            self.seen.add(instance.node_id)
        super().validate_instance(instance, errors, validate_unique=False)

    def do_instance_save(self, instance, is_create):
        # Collected and written by services.set_scores in after_import, with the index recomputed.
        self.collected[instance.node] = instance.value

    def after_import(self, dataset, result, **kwargs):
        if result.has_errors() or result.has_validation_errors() or not self.collected:
            return
        services.set_scores(self.lhe, self.collected, by=self.by)

    def dehydrate_node(self, score):
        return score.node.code
