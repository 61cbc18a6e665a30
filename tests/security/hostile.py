"""Hostile (and a few honest) files, generated in memory for the upload gate tests.

Each generator returns (name, bytes). `HOSTILE` maps a case id to (kind, name, bytes-factory,
expected refusal code); the factories are lazy so that collecting the tests stays cheap.
"""

import io
import struct
import zipfile
import zlib

from reformportal.uploads import MB, POLICIES

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

# --- honest files -------------------------------------------------------------------------


def pdf_bytes(text="Laporan", extra=b""):
    """A small valid PDF with one page (hand-written, correct xref offsets)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    out.write(extra)
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes(width=4, height=3, mode="RGB"):
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), 0).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, "JPEG")
    return out.getvalue()


def xlsx_bytes(rows=(("kode", "nama"), ("DINKES", "Dinas Kesehatan"))):
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def replace_members(xlsx, replacements, extra=None):
    """An xlsx with some members replaced (and `extra` members added)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members.update(replacements)
    members.update(extra or {})
    return zip_bytes(members)


CT_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'


def docx_bytes():
    return zip_bytes(
        {
            "[Content_Types].xml": CT_HEAD
            + b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Notulen</w:t></w:r></w:p></w:body></w:document>',
        }
    )


def pptx_bytes():
    return zip_bytes(
        {
            "[Content_Types].xml": CT_HEAD
            + b'<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
            "ppt/presentation.xml": b'<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
        }
    )


# --- hostile files ------------------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode.\r\n" * 4
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/opds/').then(r=>r.text()).then(alert)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'


def sized_pdf(size):
    """A PDF of exactly `size` bytes (padding in a comment before the trailer)."""
    padding = size - len(pdf_bytes())
    while True:  # the startxref number may grow by a digit or two
        data = pdf_bytes(extra=b"%" + b"x" * (padding - 2) + b"\n")
        if len(data) == size:
            return data
        padding -= len(data) - size


def sized_xlsx(size):
    """An xlsx of exactly `size` bytes: an uncompressible member pads it (stored, random data)."""
    import random

    base = xlsx_bytes()
    rng = random.Random(7)
    # a stored member costs its length + ~2 * (30 + 46 + name) bytes of headers
    name = "docProps/padding.bin"
    overhead = len(zip_bytes({**_members(base), name: b""}, zipfile.ZIP_STORED)) - len(zip_bytes(_members(base), zipfile.ZIP_STORED))
    stored_base = len(zip_bytes(_members(base), zipfile.ZIP_STORED))
    padding = size - stored_base - overhead
    data = zip_bytes({**_members(base), name: rng.randbytes(padding)}, zipfile.ZIP_STORED)
    assert len(data) == size, (len(data), size)
    return data


def _members(xlsx):
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    return {info.filename: source.read(info) for info in source.infolist()}


def zip_bomb_xlsx(uncompressed=200 * MB):
    """A valid-looking xlsx whose sheet expands to `uncompressed` bytes of zeros (~200 KB on disk)."""
    members = _members(xlsx_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = b"\x00" * MB
            for _ in range(uncompressed // MB):
                member.write(chunk)
    return out.getvalue()


def lying_zip_bomb_xlsx():
    """A bomb whose headers *declare* a tiny sheet: zipfile stops at the declared size (CRC error)."""
    data = bytearray(zip_bomb_xlsx(uncompressed=60 * MB))
    target = b"xl/worksheets/sheet1.xml"
    # Patch the uncompressed size in the central directory entry (offset 24 from its signature).
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == target:
            size = struct.unpack_from("<I", data, pos + 24)[0]
            if size == 0xFFFFFFFF:  # zip64: patch the extra field instead
                extra_len = struct.unpack_from("<H", data, pos + 30)[0]
                extra = pos + 46 + name_len
                struct.pack_into("<Q", data, extra + 4, 1000)
                del extra_len
            else:
                struct.pack_into("<I", data, pos + 24, 1000)
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def many_members_xlsx(count=1500):
    extra = {f"xl/media/image{i}.bin": b"x" for i in range(count)}
    return replace_members(xlsx_bytes(), {}, extra)


def ratio_bomb_member_xlsx():
    """One 60 MB member (over the per-member cap) of a repeated XML comment."""
    return replace_members(xlsx_bytes(), {}, {"xl/worksheets/sheet2.xml": b"<!-- " + b"a" * (60 * MB) + b" -->"})


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
)


def billion_laughs_xlsx():
    sheet = BILLION_LAUGHS + (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return replace_members(xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet})


def billion_laughs_workbook_xlsx():
    members = _members(xlsx_bytes())
    workbook = members["xl/workbook.xml"]
    body = workbook.split(b"?>", 1)[1] if workbook.startswith(b"<?xml") else workbook
    return replace_members(xlsx_bytes(), {"xl/workbook.xml": BILLION_LAUGHS + body})


def xxe_xlsx(target=b"file:///etc/passwd"):
    sheet = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "' + target + b'">]>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    return replace_members(xlsx_bytes(), {"xl/worksheets/sheet1.xml": sheet})


def xxe_shared_strings_xlsx():
    strings = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
    )
    return replace_members(xlsx_bytes(), {}, {"xl/sharedStrings.xml": strings})


def vba_xlsx():
    return replace_members(xlsx_bytes(), {}, {"xl/vbaProject.bin": OLE_HEADER + b"\x00" * 512})


def macro_content_type_xlsx():
    members = _members(xlsx_bytes())
    ct = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return replace_members(xlsx_bytes(), {"[Content_Types].xml": ct})


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"


def encrypted_office(ext_stream=True):
    """What Excel writes for a password-protected workbook: an OLE file with an EncryptedPackage."""
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + struct.pack("<H", (len(name) + 1) * 2) + b"\x02" + b"\x00" * 61
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    return OLE_HEADER.ljust(512, b"\x00") + directory + b"\x00" * 1024


def legacy_xls():
    directory = "Workbook".encode("utf-16-le").ljust(128, b"\x00")
    return OLE_HEADER.ljust(512, b"\x00") + directory + b"\x00" * 1024


def zip_encrypted_xlsx():
    """A zip whose members carry the traditional-encryption flag bit."""
    data = bytearray(xlsx_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(signature)
        while pos != -1:
            flags = struct.unpack_from("<H", data, pos + flag_offset)[0]
            struct.pack_into("<H", data, pos + flag_offset, flags | 1)
            pos = data.find(signature, pos + 4)
    return bytes(data)


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("rahasia")  # RC4-128: no extra dependency
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_pdf():
    return pdf_bytes(extra=b"5 0 obj\n<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>\nendobj\n")


def launch_pdf():
    return pdf_bytes(extra=b"5 0 obj\n<< /Type /Action /S /Launch /F (cmd.exe) >>\nendobj\n")


def image_bomb_png():
    return png_bytes(12000, 12000, mode="1")


def csv_bytes(encoding, bom=False):
    text = "kode;nama;target\r\nDINKES;Dinas Kesehatan;=HYPERLINK(\"http://evil\")\r\nDISDIK;Dinas Pendidikan – Pemuda;12,5\r\n"
    data = text.encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data


def _limit(kind):
    return POLICIES[kind].max_bytes


# case id -> (kind, file name, factory, refusal code)
HOSTILE = {
    # renamed executables and active content
    "exe_as_pdf": ("evidence", "laporan.pdf", lambda: EXE, "upload_mismatch"),
    "exe_as_xlsx": ("blank", "blangko.xlsx", lambda: EXE, "upload_mismatch"),
    "exe_as_png": ("evidence", "foto.png", lambda: EXE, "upload_mismatch"),
    "exe_as_docx": ("attachment", "notulen.docx", lambda: EXE, "upload_mismatch"),
    "elf_as_pdf": ("lhe_document", "lhe.pdf", lambda: ELF, "upload_mismatch"),
    "exe_extension": ("attachment", "setup.exe", lambda: EXE, "upload_type"),
    "double_extension": ("evidence", "bukti.pdf.exe", lambda: EXE, "upload_type"),
    "no_extension": ("evidence", "bukti", pdf_bytes, "upload_type"),
    "html_as_pdf": ("lhe_document", "lhe.pdf", lambda: HTML, "upload_mismatch"),
    "svg_as_pdf": ("evidence", "bukti.pdf", lambda: SVG, "upload_mismatch"),
    "svg_as_png": ("evidence", "bukti.png", lambda: SVG, "upload_mismatch"),
    "svg_extension": ("attachment", "logo.svg", lambda: SVG, "upload_type"),
    "html_extension": ("attachment", "halaman.html", lambda: HTML, "upload_type"),
    "html_after_png_magic": ("evidence", "foto.png", lambda: b"\x89PNG\r\n\x1a\n" + HTML, "upload_corrupt"),
    "gif_as_png": ("evidence", "foto.png", lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "upload_mismatch"),
    "pdf_javascript": ("evidence", "bukti.pdf", javascript_pdf, "upload_active_content"),
    "pdf_launch": ("lhe_document", "lhe.pdf", launch_pdf, "upload_active_content"),
    "pdf_truncated": ("lhe_document", "lhe.pdf", lambda: pdf_bytes()[:-40], "upload_corrupt"),
    # sizes
    "pdf_limit_plus_1_evidence": ("evidence", "besar.pdf", lambda: sized_pdf(_limit("evidence") + 1), "upload_too_big"),
    "pdf_limit_plus_1_lhe": ("lhe_document", "besar.pdf", lambda: sized_pdf(_limit("lhe_document") + 1), "upload_too_big"),
    "xlsx_limit_plus_1_blank": ("blank", "besar.xlsx", lambda: sized_xlsx(_limit("blank") + 1), "upload_too_big"),
    "xlsx_limit_plus_1_worksheet": ("worksheet", "besar.xlsx", lambda: sized_xlsx(_limit("worksheet") + 1), "upload_too_big"),
    "image_pixel_bomb": ("evidence", "foto.png", image_bomb_png, "upload_too_big"),
    # zip bombs and hostile XML
    "zip_bomb_xlsx": ("blank", "blangko.xlsx", zip_bomb_xlsx, "upload_zip_bomb"),
    "zip_bomb_member_cap": ("worksheet", "kertas.xlsx", ratio_bomb_member_xlsx, "upload_zip_bomb"),
    "zip_too_many_members": ("attendance", "hadir.xlsx", many_members_xlsx, "upload_zip_bomb"),
    "zip_bomb_lying_headers": ("worksheet", "kertas.xlsx", lying_zip_bomb_xlsx, "upload_corrupt"),
    "billion_laughs_sheet": ("worksheet", "kertas.xlsx", billion_laughs_xlsx, "upload_xml"),
    "billion_laughs_workbook": ("blank", "blangko.xlsx", billion_laughs_workbook_xlsx, "upload_xml"),
    "xxe_file_sheet": ("attendance", "hadir.xlsx", xxe_xlsx, "upload_xml"),
    "xxe_metadata_shared_strings": ("worksheet", "kertas.xlsx", xxe_shared_strings_xlsx, "upload_xml"),
    "docx_as_xlsx": ("blank", "blangko.xlsx", docx_bytes, "upload_mismatch"),
    "plain_zip_as_xlsx": ("blank", "blangko.xlsx", lambda: zip_bytes({"a.txt": b"halo"}), "upload_mismatch"),
    "corrupt_zip_xlsx": ("blank", "blangko.xlsx", lambda: xlsx_bytes()[:300], "upload_corrupt"),
    # macros and encryption
    "xlsm_extension": ("blank", "blangko.xlsm", xlsx_bytes, "upload_macro"),
    "docm_extension": ("attachment", "notulen.docm", docx_bytes, "upload_macro"),
    "vba_project_in_xlsx": ("blank", "blangko.xlsx", vba_xlsx, "upload_macro"),
    "macro_content_type_xlsx": ("worksheet", "kertas.xlsx", macro_content_type_xlsx, "upload_macro"),
    "encrypted_ole_xlsx": ("blank", "blangko.xlsx", encrypted_office, "upload_encrypted"),
    "encrypted_ole_docx": ("evidence", "bukti.docx", encrypted_office, "upload_encrypted"),
    "zip_encrypted_xlsx": ("attendance", "hadir.xlsx", zip_encrypted_xlsx, "upload_encrypted"),
    "legacy_xls_renamed": ("blank", "blangko.xlsx", legacy_xls, "upload_mismatch"),
    "legacy_xls_extension": ("blank", "blangko.xls", legacy_xls, "upload_type"),
    "encrypted_pdf": ("lhe_document", "lhe.pdf", encrypted_pdf, "upload_encrypted"),
    # empty and EICAR
    "empty_pdf": ("evidence", "kosong.pdf", lambda: b"", "upload_empty"),
    "empty_xlsx": ("blank", "kosong.xlsx", lambda: b"", "upload_empty"),
    "eicar_as_pdf": ("evidence", "bukti.pdf", lambda: EICAR, "upload_malware"),
    "eicar_inside_pdf": ("lhe_document", "lhe.pdf", lambda: pdf_bytes(extra=b"% " + EICAR + b"\n"), "upload_malware"),
    "eicar_in_xlsx_member": (
        "blank",
        "blangko.xlsx",
        lambda: replace_members(xlsx_bytes(), {}, {"docProps/x.txt": EICAR}),
        "upload_malware",
    ),
    "eicar_stored_in_xlsx": (
        "blank",
        "blangko.xlsx",
        lambda: zip_bytes({**_members(xlsx_bytes()), "docProps/x.txt": EICAR}, zipfile.ZIP_STORED),
        "upload_malware",
    ),
    # names
    "dotdot_name": ("evidence", "../../../etc/passwd.pdf", pdf_bytes, "upload_name"),
    "dotdot_backslash_name": ("evidence", "..\\..\\windows\\win.pdf", pdf_bytes, "upload_name"),
    "nul_name": ("evidence", "laporan.pdf\x00.exe", pdf_bytes, "upload_name"),
    "rtl_override_name": ("evidence", "laporan\u202efdp.exe", pdf_bytes, "upload_name"),
    "rtl_isolate_name": ("evidence", "foto\u2067gnp.pdf", pdf_bytes, "upload_name"),
    "newline_name": ("evidence", "laporan\r\nContent-Type: text/html.pdf", pdf_bytes, "upload_name"),
    # CSV in the usual spreadsheet-export encodings: never accepted where an xlsx is expected
    "csv_cp1252_semicolon": ("worksheet", "kertas.csv", lambda: csv_bytes("cp1252"), "upload_type"),
    "csv_utf16_semicolon": ("blank", "blangko.csv", lambda: csv_bytes("utf-16"), "upload_type"),
    "csv_utf8_bom_semicolon": ("attendance", "hadir.csv", lambda: csv_bytes("utf-8", bom=True), "upload_type"),
    "csv_cp1252_as_xlsx": ("worksheet", "kertas.xlsx", lambda: csv_bytes("cp1252"), "upload_mismatch"),
    "csv_utf16_as_xlsx": ("blank", "blangko.xlsx", lambda: csv_bytes("utf-16"), "upload_mismatch"),
    "csv_utf8_bom_as_xlsx": ("attendance", "hadir.xlsx", lambda: csv_bytes("utf-8", bom=True), "upload_mismatch"),
}

# Files the gate must accept (positive controls: a gate that refuses everything is no gate).
HONEST = {
    "pdf": ("lhe_document", "LHE Pemprov Kalteng 2025.pdf", pdf_bytes),
    "pdf_upper_case": ("evidence", "BUKTI.PDF", pdf_bytes),
    "png": ("evidence", "foto kegiatan.png", png_bytes),
    "jpg": ("evidence", "foto.jpg", jpeg_bytes),
    "jpeg": ("attachment", "foto.jpeg", jpeg_bytes),
    "xlsx": ("blank", "Blangko RA 2025.xlsx", xlsx_bytes),
    "docx": ("attachment", "notulen.docx", docx_bytes),
    "pptx": ("attachment", "paparan.pptx", pptx_bytes),
    "pdf_at_limit": ("evidence", "pas.pdf", lambda: sized_pdf(_limit("evidence"))),
    "xlsx_at_limit": ("blank", "pas.xlsx", lambda: sized_xlsx(_limit("blank"))),
    "indonesian_name": ("evidence", "Laporan Triwulan III – Dinas Kesehatan (final).pdf", pdf_bytes),
    "leading_dots_name": ("evidence", "...laporan.pdf", pdf_bytes),
}
