"""The upload gate refuses every hostile file with a clear message, and accepts honest ones."""

import io
import tracemalloc

import openpyxl
import pytest
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from reformportal import uploads
from reformportal.uploads import CheckedUpload, MB, UploadField, UploadTo, check_upload, clean_label, upload_to

from . import hostile

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_there_are_at_least_forty_hostile_files():
    assert len(hostile.HOSTILE) >= 40


class RawFile(io.BytesIO):
    """A file object that keeps the client's name as sent (Django's UploadedFile drops paths)."""

    def __init__(self, name, data):
        super().__init__(data)
        self.name = name
        self.size = len(data)


@pytest.mark.parametrize("case", sorted(hostile.HOSTILE))
def test_it_refuses_hostile_file(case):
    kind, name, factory, code = hostile.HOSTILE[case]
    upload = RawFile(name, factory())
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload, kind)
    error = excinfo.value
    assert error.code == code, (case, error.code, error.messages)
    [message] = error.messages
    assert len(message) > 20 and "%(" not in message  # a whole sentence, every placeholder filled


@pytest.mark.parametrize("case", sorted(hostile.HONEST))
def test_it_accepts_honest_file(case):
    kind, name, factory = hostile.HONEST[case]
    data = factory()
    checked = check_upload(SimpleUploadedFile(name, data), kind)
    assert isinstance(checked, CheckedUpload)
    assert checked.size == len(data)
    assert checked.extension == name.rsplit(".", 1)[-1].lower()
    assert checked.content_type == uploads.CONTENT_TYPES[checked.extension]
    assert len(checked.sha256) == 64


def test_it_reads_temporary_uploaded_files_from_disk():
    data = hostile.pdf_bytes()
    upload = TemporaryUploadedFile("lhe.pdf", "application/pdf", len(data), None)
    upload.write(data)
    checked = check_upload(upload, "lhe_document")
    assert checked.size == len(data)
    assert upload.tell() == 0  # rewound for whoever saves it


def test_it_ignores_the_client_content_type():
    upload = SimpleUploadedFile("x.pdf", hostile.pdf_bytes(), content_type="text/html")
    assert check_upload(upload, "evidence").content_type == "application/pdf"


def test_it_refuses_by_declared_size_before_reading():
    class Huge(io.BytesIO):
        name = "besar.pdf"
        size = 10**12

        def read(self, *args):
            raise AssertionError("the gate read a file already known to be too big")

    with pytest.raises(ValidationError) as excinfo:
        check_upload(Huge(), "evidence")
    assert excinfo.value.code == "upload_too_big"


def test_size_message_names_the_limit():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile("b.pdf", hostile.sized_pdf(10 * MB + 1)), "evidence")
    assert excinfo.value.messages == ["Berkas terlalu besar. Ukuran maksimum untuk bukti dukung adalah 10 MB."]


def test_type_message_lists_the_accepted_types():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile("setup.exe", hostile.EXE), "attachment")
    assert "PDF, PNG, JPG, JPEG, DOCX, XLSX, PPTX" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "case", ["zip_bomb_xlsx", "zip_bomb_lying_headers", "billion_laughs_sheet", "xxe_file_sheet", "image_pixel_bomb"]
)
def test_refusing_a_bomb_stays_small_in_memory(case):
    kind, name, factory, _code = hostile.HOSTILE[case]
    upload = SimpleUploadedFile(name, factory())
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            check_upload(upload, kind)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The expanded bombs would be 60-200 MB; the gate reads at most a few 1 MB chunks.
    assert peak < 16 * MB, peak


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True
    # Even without the gate in front, the parser refuses entity declarations.
    for factory in (hostile.billion_laughs_xlsx, hostile.xxe_xlsx, hostile.billion_laughs_workbook_xlsx):
        with pytest.raises(Exception) as excinfo:
            wb = openpyxl.load_workbook(io.BytesIO(factory()), read_only=True)
            list(wb.worksheets[0].iter_rows(values_only=True))
        chain, exc = [], excinfo.value
        while exc is not None:
            chain.append(exc)
            exc = exc.__cause__ or exc.__context__
        assert any(isinstance(e, DefusedXmlException) for e in chain), chain


# --- names and storage -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, label",
    [
        ("C:/fakepath/Laporan.pdf", "Laporan.pdf"),
        ("  spasi.pdf ", "spasi.pdf"),
        (".htaccess.pdf", "htaccess.pdf"),
        ("", "berkas"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
        ("Laporan\u0301.pdf", "Laporan\u0301.pdf"),  # combining accent: normalised, kept
    ],
)
def test_it_cleans_labels(name, label):
    import unicodedata

    assert clean_label(name) == unicodedata.normalize("NFC", label)


def test_upload_to_generates_the_storage_name(settings):
    name = upload_to("evidence")(None, "../../etc/passwd\u202e.pdf")
    kind, year, month, filename = name.split("/")
    assert kind == "evidence" and len(year) == 4 and len(month) == 2
    assert filename.endswith(".pdf") and "passwd" not in filename and len(filename) > 20
    assert upload_to("evidence")(None, "x.pdf") != upload_to("evidence")(None, "x.pdf")
    assert "." not in upload_to("evidence")(None, "x.exe").rsplit("/", 1)[1]  # unknown extension dropped


def test_upload_to_is_serialisable_for_migrations():
    path, args, kwargs = UploadTo("attachment").deconstruct()
    assert path == "reformportal.uploads.UploadTo" and args == ("attachment",)
    assert UploadTo("attachment") == upload_to("attachment")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        upload_to("photo")
    with pytest.raises(ValueError):
        check_upload(SimpleUploadedFile("x.pdf", hostile.pdf_bytes()), "photo")


# --- the form field --------------------------------------------------------------------


def test_upload_field_runs_the_gate():
    field = UploadField(kind="lhe_document")
    with pytest.raises(ValidationError) as excinfo:
        field.clean(SimpleUploadedFile("lhe.pdf", hostile.HTML))
    assert excinfo.value.code == "upload_mismatch"
    cleaned = field.clean(SimpleUploadedFile("lhe.pdf", hostile.pdf_bytes()))
    assert cleaned.checked.extension == "pdf"


def test_a_service_reuses_the_fields_check_of_the_same_kind_only(monkeypatch):
    cleaned = UploadField(kind="lhe_document").clean(SimpleUploadedFile("lhe.pdf", hostile.pdf_bytes()))
    calls = []
    monkeypatch.setattr(uploads, "check_upload", lambda f, kind: calls.append(kind) or "checked again")
    assert uploads.already_checked(cleaned, "lhe_document") is cleaned.checked and calls == []
    assert uploads.already_checked(cleaned, "evidence") == "checked again" and calls == ["evidence"]
    assert uploads.already_checked(SimpleUploadedFile("x.pdf", b"x"), "evidence") == "checked again"


def test_upload_field_renders_accept_and_help():
    field = UploadField(kind="blank")
    assert field.widget_attrs(field.widget)["accept"] == ".xlsx"
    assert "5 MB" in str(field.help_text)
