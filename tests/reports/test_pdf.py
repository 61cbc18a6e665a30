"""The one safe renderer: only the portal's static files are ever fetched."""

import datetime
import io
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from pypdf import PdfReader

from reformportal import pdf

PROBE_TEMPLATES = [
    {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}
]
HOSTILE_URLS = [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.org/tracker.png",
    "file:///static/../../etc/passwd",
    "file:///static/%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "../../../../etc/passwd",
    "ftp://example.org/x",
    "data:text/css,body{color:red}",
]


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def no_network(monkeypatch):
    """Any socket connection during rendering is recorded and refused."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


def render_probe(url, **extra):
    fetcher = pdf.make_url_fetcher()
    context = {
        "url": url,
        "static_url": "/static/css/pdf.css",
        "user_text": url,
        "day": datetime.date(2025, 9, 30),
        "number": 1234567.891,
        "rows": range(3),
        **extra,
    }
    with override_settings(TEMPLATES=PROBE_TEMPLATES):
        data = pdf.render_pdf("reports_probe/probe.html", context, url_fetcher=fetcher)
    return data, fetcher


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_it_never_fetches_anything_but_static_files(url, no_network):
    data, fetcher = render_probe(url)

    assert data.startswith(b"%PDF")
    assert no_network == []
    assert fetcher.served and all(served.startswith("file:///static/") for served in fetcher.served)
    assert not any("passwd" in served or "example.org" in served or "169.254" in served for served in fetcher.served)
    text = pdf_text(data)
    assert "root:" not in text
    assert "/bin/" not in text


def test_it_refuses_the_hostile_urls_themselves():
    for url in ["file:///etc/passwd", "http://169.254.169.254/", "https://example.org/a.png"]:
        with pytest.raises(pdf.RefusedURL):
            pdf.make_url_fetcher().fetch(url)


def test_it_refuses_traversal_and_absolute_names():
    for url in [
        "file:///static/../etc/passwd",
        "file:///static/css/../../../etc/passwd",
        "file:///static//etc/passwd",
        "file:///static/./css/pdf.css",
        "file://evil.example/static/css/pdf.css",
        "file:///static/css/pdf.css\\..",
        "file:///static/",
    ]:
        with pytest.raises(pdf.RefusedURL):
            pdf.static_name_for_url(url)


def test_it_refuses_a_symlink_leading_out_of_static(tmp_path, settings):
    static_dir = tmp_path / "static"
    static_dir.mkdir()
    (static_dir / "leak.css").symlink_to("/etc/passwd")
    (static_dir / "ok.css").write_text("p { color: black }")
    settings.STATICFILES_DIRS = [static_dir]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        fetcher = pdf.make_url_fetcher()
        assert fetcher.fetch("file:///static/ok.css").read() == b"p { color: black }"
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch("file:///static/leak.css")
    finally:
        finders.get_finder.cache_clear()


def test_it_serves_static_files_by_their_static_url():
    response = pdf.make_url_fetcher().fetch("file:///static/css/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_user_text_is_printed_as_text_not_markup(no_network):
    hostile = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://169.254.169.254/">'
    data, fetcher = render_probe("css/pdf.css", user_text=hostile)

    assert not fetcher.refused
    assert "file:///etc/passwd" in pdf_text(data)  # shown as the literal text the user typed
    assert no_network == []


def test_it_writes_an_a4_portrait_document_with_page_numbers():
    data, _ = render_probe("css/pdf.css", rows=range(120))
    reader = PdfReader(io.BytesIO(data))

    assert len(reader.pages) >= 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    total = len(reader.pages)
    assert f"Halaman 1 dari {total}" in reader.pages[0].extract_text()
    assert f"Halaman {total} dari {total}" in reader.pages[-1].extract_text()
    # the table header repeats on every page
    assert all("Kolom" in page.extract_text() for page in reader.pages)


def test_rendering_raises_the_gc_threshold_only_while_it_renders(monkeypatch):
    import gc

    from weasyprint import HTML

    usual = gc.get_threshold()
    seen = []
    real_write_pdf = HTML.write_pdf

    def spy(document, *args, **kwargs):
        seen.append(gc.get_threshold())
        return real_write_pdf(document, *args, **kwargs)

    monkeypatch.setattr("weasyprint.HTML.write_pdf", spy)
    render_probe("css/pdf.css")
    assert seen == [pdf.RENDER_GC_THRESHOLD]
    assert gc.get_threshold() == usual

    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        render_probe("css/pdf.css")
    assert gc.get_threshold() == usual


def test_it_uses_indonesian_formats_and_english_on_request():
    with override_settings(TEMPLATES=PROBE_TEMPLATES):
        context = {"url": "css/pdf.css", "day": datetime.date(2025, 9, 30), "number": 1234567.891, "rows": []}
        indonesian = pdf_text(pdf.render_pdf("reports_probe/probe.html", context, language="id"))
        english = pdf_text(pdf.render_pdf("reports_probe/probe.html", context, language="en"))

    assert "30 September 2025" in indonesian and "1.234.567,89" in indonesian and "Halaman 1 dari 1" in indonesian
    assert "September 30, 2025" in english and "1,234,567.89" in english
