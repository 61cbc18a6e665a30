"""The one upload gate: every uploaded file passes `check_upload` before anything reads it.

What the gate promises, per kind of upload (`POLICIES`):
- the extension is on the kind's allow-list and the first bytes (magic) agree with it;
- the size is within the kind's limit (the web server enforces the largest limit too);
- empty files, the EICAR test string, encrypted files (OLE-wrapped Office, encrypted PDF)
  and macro-enabled Office files (.xlsm/.docm/.pptm, vbaProject.bin) are refused;
- Office files (xlsx/docx/pptx) are checked as zip archives *before* any parser sees them:
  member count, declared uncompressed size and compression ratio are capped, so a zip bomb
  is refused without being expanded (Python's zipfile never inflates past the declared size);
- images are opened by Pillow with a pixel cap (decompression bombs);
- the client's file name is never used as a storage path: it is kept only as a cleaned label,
  names with "../", control, NUL or bidirectional-override characters are refused, and
  storage names are random (`upload_to`);
- files live under MEDIA_ROOT (MEDIA_URL is None) and are served only by scoped views through
  `serve_upload`, as attachments with `nosniff`.

Every refusal is a `ValidationError` with a clear Indonesian message.

Use it in forms as `UploadField(kind="evidence")`, in models as
`models.FileField(upload_to=upload_to("evidence"))`, in APIs by calling
`check_upload(file, kind)` in the serializer's `validate_<field>`.
"""

import hashlib
import io
import mimetypes
import secrets
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024

# --- file types ---------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
MAGIC = {
    "pdf": PDF_MAGIC,
    "png": PNG_MAGIC,
    "jpg": JPEG_MAGIC,
    "jpeg": JPEG_MAGIC,
    "xlsx": ZIP_MAGIC,
    "docx": ZIP_MAGIC,
    "pptx": ZIP_MAGIC,
}
OFFICE = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
MACRO_EXTENSIONS = {"xlsm", "xltm", "xlsb", "xlam", "docm", "dotm", "pptm", "potm", "ppsm", "ppam"}
LEGACY_OFFICE = {"xls", "doc", "ppt"}

# Zip limits for Office files. A real 5 MB workbook declares well under 100 MB and a few
# hundred members; sharedStrings of repetitive data compress up to ~50x.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_TOTAL_UNCOMPRESSED = 100 * MB
ZIP_MAX_MEMBER_UNCOMPRESSED = 50 * MB
ZIP_MAX_RATIO = 150
ZIP_RATIO_FLOOR = 1 * MB  # members smaller than this may have any ratio
IMAGE_MAX_PIXELS = 40_000_000
LABEL_MAX_LENGTH = 150


@dataclass(frozen=True)
class UploadPolicy:
    kind: str
    description: str
    max_bytes: int
    extensions: tuple

    @property
    def accept(self):
        """The value of an <input type=file accept=...> attribute."""
        return ",".join(f".{ext}" for ext in self.extensions)

    def describe_extensions(self):
        return ", ".join(ext.upper() for ext in self.extensions)


POLICIES = {
    policy.kind: policy
    for policy in (
        UploadPolicy("blank", gettext_lazy("blangko rencana aksi"), 5 * MB, ("xlsx",)),
        UploadPolicy("evidence", gettext_lazy("bukti dukung"), 10 * MB, ("pdf", "png", "jpg", "jpeg", "docx", "xlsx")),
        UploadPolicy("lhe_document", gettext_lazy("dokumen LHE"), 20 * MB, ("pdf",)),
        UploadPolicy("attachment", gettext_lazy("lampiran"), 20 * MB, ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx")),
        UploadPolicy("attendance", gettext_lazy("daftar hadir"), 5 * MB, ("xlsx",)),
        UploadPolicy("worksheet", gettext_lazy("kertas kerja"), 5 * MB, ("xlsx",)),
    )
}
MAX_UPLOAD_BYTES = max(policy.max_bytes for policy in POLICIES.values())


def get_policy(kind):
    try:
        return POLICIES[kind]
    except KeyError:
        raise ValueError(f"Unknown upload kind {kind!r}; known: {', '.join(POLICIES)}") from None


@dataclass(frozen=True)
class CheckedUpload:
    label: str  # the cleaned client file name, for display and Content-Disposition only
    extension: str  # lower case, without the dot
    content_type: str  # derived from the extension, never from the client
    size: int
    sha256: str
    kind: str = ""  # the policy it passed (see already_checked)


# --- file names ---------------------------------------------------------------------------

# Bidirectional controls (e.g. U+202E RIGHT-TO-LEFT OVERRIDE) make "gnp.exe" look like "exe.png".
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def clean_label(name):
    """A display label from a client file name: no directories, no control characters.

    Raises ValidationError for names that only an attacker sends: "../" path parts, NUL,
    control or bidirectional-override characters. Other folder parts ("C:/fakepath/") are
    dropped.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    if any(ch in BIDI_CONTROLS for ch in name):
        raise ValidationError(
            _("Nama berkas mengandung karakter pembalik arah teks (right-to-left) yang tidak diizinkan."),
            code="upload_name",
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in name):
        raise ValidationError(
            _("Nama berkas mengandung karakter kendali (misalnya NUL) yang tidak diizinkan."), code="upload_name"
        )
    name = name.replace("\\", "/")
    if ".." in name.split("/")[:-1]:
        raise ValidationError(
            _("Nama berkas tidak boleh berisi jalur folder seperti \"../\"."), code="upload_name"
        )
    name = name.rsplit("/", 1)[-1].strip().lstrip(".").strip()
    if len(name) > LABEL_MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: LABEL_MAX_LENGTH - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:LABEL_MAX_LENGTH]
    return name or "berkas"


def extension_of(label):
    stem, dot, ext = label.rpartition(".")
    return ext.lower() if dot and stem else ""


# --- the gate -----------------------------------------------------------------------------


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _iter_chunks(fileobj, chunk_size=256 * 1024):
    fileobj.seek(0)
    while chunk := fileobj.read(chunk_size):
        yield chunk


def _scan(fileobj, needles, limit):
    """Hash the file, count its bytes (stopping past `limit`), and find which needles occur."""
    digest = hashlib.sha256()
    size = 0
    found = set()
    tail = b""
    longest = max(len(n) for n in needles)
    for chunk in _iter_chunks(fileobj):
        size += len(chunk)
        if size > limit:
            return size, None, found
        digest.update(chunk)
        window = tail + chunk
        found.update(n for n in needles if n in window)
        tail = window[-longest:]
    return size, digest.hexdigest(), found


def check_upload(uploaded_file, kind):
    """Check one uploaded file for `kind`; return a CheckedUpload or raise ValidationError."""
    policy = get_policy(kind)
    label = clean_label(getattr(uploaded_file, "name", ""))
    ext = extension_of(label)
    allowed = policy.describe_extensions()

    if ext in MACRO_EXTENSIONS:
        _refuse(
            _("Berkas Office dengan makro (.%(ext)s) tidak diterima. Simpan ulang sebagai %(allowed)s tanpa makro.")
            % {"ext": ext, "allowed": allowed},
            "upload_macro",
        )
    if ext not in policy.extensions:
        if ext in LEGACY_OFFICE:
            _refuse(
                _("Format Office lama (.%(ext)s) tidak diterima untuk %(what)s. Simpan ulang sebagai %(allowed)s.")
                % {"ext": ext, "what": policy.description, "allowed": allowed},
                "upload_type",
            )
        _refuse(
            _("Jenis berkas %(ext)s tidak diterima untuk %(what)s. Jenis yang diterima: %(allowed)s.")
            % {"ext": f".{ext}" if ext else _("tanpa ekstensi"), "what": policy.description, "allowed": allowed},
            "upload_type",
        )

    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > policy.max_bytes:
        _refuse_size(policy)
    needles = (EICAR, b"/Encrypt", b"/JavaScript", b"/Launch") if ext == "pdf" else (EICAR,)
    size, sha256, found = _scan(uploaded_file, needles, policy.max_bytes)
    if size > policy.max_bytes:
        _refuse_size(policy)
    if size == 0:
        _refuse(_("Berkas kosong (0 bait). Pilih berkas yang berisi data."), "upload_empty")
    if EICAR in found:
        _refuse(
            _("Berkas terdeteksi mengandung pola malware (berkas uji EICAR) dan ditolak."), "upload_malware"
        )

    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    if head.startswith(OLE_MAGIC) and ext in OFFICE:
        _check_ole(uploaded_file, ext)
    if not head.startswith(MAGIC[ext]):
        _refuse(
            _("Isi berkas tidak sesuai dengan ekstensinya (.%(ext)s). Pastikan berkas benar-benar %(type)s.")
            % {"ext": ext, "type": ext.upper()},
            "upload_mismatch",
        )

    if ext == "pdf":
        _check_pdf(uploaded_file, found)
    elif ext in OFFICE:
        check_office_zip(uploaded_file, ext)
    else:
        _check_image(uploaded_file, ext)

    uploaded_file.seek(0)
    return CheckedUpload(label=label, extension=ext, content_type=CONTENT_TYPES[ext], size=size, sha256=sha256, kind=kind)


def already_checked(uploaded_file, kind):
    """The upload gate's result for `kind`: the one UploadField left on the file, else a new check.

    A form with an UploadField has already read and hashed the file; a service that receives it
    does not run the gate (and the SHA-256) a second time.
    """
    checked = getattr(uploaded_file, "checked", None)
    if isinstance(checked, CheckedUpload) and checked.kind == kind:
        uploaded_file.seek(0)
        return checked
    return check_upload(uploaded_file, kind)


def _refuse_size(policy):
    _refuse(
        _("Berkas terlalu besar. Ukuran maksimum untuk %(what)s adalah %(limit)s MB.")
        % {"what": policy.description, "limit": policy.max_bytes // MB},
        "upload_too_big",
    )


def _check_ole(fileobj, ext):
    """An OLE compound file named .xlsx/.docx/.pptx: a password-protected or legacy Office file."""
    fileobj.seek(0)
    data = fileobj.read(4 * MB)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        _refuse(
            _("Berkas dilindungi kata sandi (terenkripsi) sehingga tidak dapat diperiksa. Buka proteksinya lalu unggah ulang."),
            "upload_encrypted",
        )
    _refuse(
        _("Berkas ini berformat Office lama walau bernama .%(ext)s. Simpan ulang sebagai .%(ext)s.") % {"ext": ext},
        "upload_mismatch",
    )


def _check_pdf(fileobj, found):
    if b"/Encrypt" in found:
        _refuse(
            _("PDF dilindungi kata sandi atau terenkripsi. Unggah PDF tanpa proteksi."), "upload_encrypted"
        )
    if b"/JavaScript" in found or b"/Launch" in found:
        _refuse(_("PDF berisi skrip atau perintah peluncuran program dan ditolak."), "upload_active_content")
    fileobj.seek(0, io.SEEK_END)
    fileobj.seek(max(fileobj.tell() - 2048, 0))
    if b"%%EOF" not in fileobj.read():
        _refuse(_("PDF tidak utuh (akhir berkas tidak ditemukan). Unggah ulang berkas aslinya."), "upload_corrupt")


def check_office_zip(fileobj, ext="xlsx"):
    """Check an OOXML file as a zip archive without expanding it.

    Reads only the central directory (names and declared sizes) and [Content_Types].xml
    (capped); refuses bombs, macro projects and archives that are not the declared format.
    """
    try:
        fileobj.seek(0)
        archive = zipfile.ZipFile(fileobj)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _refuse(_("Berkas .%(ext)s rusak atau bukan arsip Office yang sah.") % {"ext": ext}, "upload_corrupt")

    if len(infos) > ZIP_MAX_MEMBERS:
        _refuse_bomb()
    total = 0
    names = set()
    for info in infos:
        total += info.file_size
        if (
            info.file_size > ZIP_MAX_MEMBER_UNCOMPRESSED
            or total > ZIP_MAX_TOTAL_UNCOMPRESSED
            or (info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1))
        ):
            _refuse_bomb()
        if info.flag_bits & 0x1:
            _refuse(
                _("Berkas dilindungi kata sandi (terenkripsi) sehingga tidak dapat diperiksa. Buka proteksinya lalu unggah ulang."),
                "upload_encrypted",
            )
        names.add(info.filename.lower())

    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        _refuse_macro(ext)
    if "[content_types].xml" not in names or OFFICE[ext] not in names:
        _refuse(
            _("Isi berkas tidak sesuai dengan ekstensinya (.%(ext)s). Pastikan berkas benar-benar %(type)s.")
            % {"ext": ext, "type": ext.upper()},
            "upload_mismatch",
        )
    content_types_info = next(i for i in infos if i.filename.lower() == "[content_types].xml")
    with archive.open(content_types_info) as member:
        content_types = member.read(256 * 1024).lower()
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        _refuse_macro(ext)
    _scan_members(archive, infos, ext)
    fileobj.seek(0)


def _scan_members(archive, infos, ext):
    """Stream every member (bounded by the declared sizes checked above) once.

    Finds the EICAR string inside compressed members, and DTDs/entity declarations in XML
    parts: OOXML never needs them, and they are how billion-laughs and XXE attacks start.
    A member whose data does not match its header (a lying zip bomb) fails its CRC here.
    """
    needles = (EICAR, b"<!doctype", b"<!entity")
    for info in infos:
        if info.is_dir():
            continue
        tail = b""
        try:
            with archive.open(info) as member:
                while chunk := member.read(MB):
                    window = (tail + chunk).lower()
                    if EICAR.lower() in window:
                        _refuse(
                            _("Berkas terdeteksi mengandung pola malware (berkas uji EICAR) dan ditolak."),
                            "upload_malware",
                        )
                    if b"<!doctype" in window or b"<!entity" in window:
                        _refuse(
                            _("Berkas .%(ext)s berisi deklarasi XML berbahaya (DTD/entitas) dan ditolak.") % {"ext": ext},
                            "upload_xml",
                        )
                    tail = window[-max(len(n) for n in needles):]
        except ValidationError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            _refuse(_("Berkas .%(ext)s rusak atau bukan arsip Office yang sah.") % {"ext": ext}, "upload_corrupt")


def _refuse_bomb():
    _refuse(
        _("Berkas ditolak: isi arsipnya jauh lebih besar dari ukuran berkas (kemungkinan \"zip bomb\") atau berisi terlalu banyak bagian."),
        "upload_zip_bomb",
    )


def _refuse_macro(ext):
    _refuse(
        _("Berkas Office dengan makro tidak diterima. Simpan ulang sebagai .%(ext)s tanpa makro.") % {"ext": ext},
        "upload_macro",
    )


def _check_image(fileobj, ext):
    from PIL import Image

    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit refuses) on huge images; the cap below decides.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(fileobj)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        _refuse(_("Gambar terlalu besar untuk diproses. Perkecil gambar lalu unggah ulang."), "upload_too_big")
    except Exception:
        _refuse(_("Gambar .%(ext)s rusak atau tidak dapat dibaca.") % {"ext": ext}, "upload_corrupt")
    try:
        with image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                _refuse(
                    _("Gambar terlalu besar (%(w)s × %(h)s piksel). Perkecil gambar lalu unggah ulang.")
                    % {"w": width, "h": height},
                    "upload_too_big",
                )
            if (image.format or "").lower() != ("jpeg" if ext in ("jpg", "jpeg") else ext):
                raise ValueError(image.format)
            image.verify()
    except ValidationError:
        raise
    except Exception:
        _refuse(_("Gambar .%(ext)s rusak atau tidak dapat dibaca.") % {"ext": ext}, "upload_corrupt")


# --- storage and serving ------------------------------------------------------------------


@deconstructible
class UploadTo:
    """FileField.upload_to: a random name under `<kind>/YYYY/MM/`; the client's name is not used."""

    def __init__(self, kind):
        get_policy(kind)
        self.kind = kind

    def __call__(self, instance, filename):
        ext = extension_of(str(filename).replace("\\", "/").rsplit("/", 1)[-1])
        suffix = f".{ext}" if ext in CONTENT_TYPES else ""
        now = timezone.now()
        return f"{self.kind}/{now:%Y/%m}/{secrets.token_urlsafe(18)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.kind == self.kind

    def __hash__(self):
        return hash(("UploadTo", self.kind))


def upload_to(kind):
    return UploadTo(kind)


def serve_upload(fieldfile, label, *, inline=False):
    """Stream a stored upload from a scoped view: attachment, nosniff, no caching.

    Call it only after the access helper allowed the object (`get_x_for_user`).
    """
    safe_label = _safe_download_name(label, fieldfile.name)
    ext = extension_of(safe_label) or extension_of(fieldfile.name)
    content_type = CONTENT_TYPES.get(ext) or mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream"
    accel_prefix = settings.DOWNLOAD_X_ACCEL_PREFIX
    if accel_prefix and isinstance(fieldfile.storage, FileSystemStorage):
        # nginx sends the file from its internal location; no gunicorn worker is held meanwhile.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + quote(fieldfile.name)
        response["Content-Disposition"] = content_disposition_header(True, safe_label)
    else:
        response = FileResponse(fieldfile.open("rb"), as_attachment=True, filename=safe_label, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # A download is never a page: nothing in it may run, even if a browser renders it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _safe_download_name(label, stored_name):
    try:
        name = clean_label(label)
    except ValidationError:
        name = "berkas"
    stored_ext = extension_of(str(stored_name).rsplit("/", 1)[-1])
    if stored_ext and extension_of(name) != stored_ext:
        name = f"{name}.{stored_ext}"
    return name


# --- forms --------------------------------------------------------------------------------


class UploadField(forms.FileField):
    """A FileField that runs the upload gate; the result is on `file.checked` (a CheckedUpload)."""

    def __init__(self, *, kind, **kwargs):
        self.policy = get_policy(kind)
        self.kind = kind
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Jenis: %(types)s; maksimum %(limit)s MB.")
            % {"types": self.policy.describe_extensions(), "limit": self.policy.max_bytes // MB},
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = self.policy.accept
        return attrs

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and data is not initial and hasattr(data, "read"):
            data.checked = check_upload(data, self.kind)
        return data

