"""The one safe WeasyPrint renderer: every PDF of the portal goes through `render_pdf`.

WeasyPrint fetches whatever a document points at (stylesheets, images, SVG `<image>`,
`<object>`, `<link rel=attachment>`, CSS `url()`): left alone it would read `file:///etc/passwd`
or call `http://169.254.169.254/` if such a URL reached a template through user data. So the
renderer hands WeasyPrint a fetcher that serves ONLY the portal's own static files, looked up
through the staticfiles finders exactly as `{% static %}` names them; anything else (network,
`file://` outside static, `data:`, path traversal, a symlink leading out) raises and WeasyPrint
drops the resource.

Documents are resolved against a virtual base URL, `file:///static/`, so both relative names
("css/pdf.css") and `{% static "css/pdf.css" %}` ("/static/css/pdf.css") reach the fetcher as
`file:///static/css/pdf.css`. No file is ever read from that literal path.

Every document gets the base print stylesheet (static/css/pdf.css: A4 portrait, DejaVu Sans,
repeated table headers, rows kept whole) and a running footer "Halaman x dari y" in the
document's language.
"""

import contextlib
import functools
import gc
import logging
import mimetypes
import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, pgettext

logger = logging.getLogger(__name__)

VIRTUAL_STATIC_BASE = "file:///static/"
BASE_STYLESHEET = "css/pdf.css"


class RefusedURL(ValueError):
    """A document asked for something other than the portal's own static files."""


def _static_prefix():
    prefix = urlsplit(settings.STATIC_URL or "/static/").path or "/static/"
    return prefix if prefix.endswith("/") else prefix + "/"


def static_name_for_url(url):
    """'file:///static/css/pdf.css' -> 'css/pdf.css'; raises RefusedURL for anything else."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"only the portal's static files may be fetched, not {url[:200]!r}")
    path = unquote(parts.path)
    prefix = _static_prefix()
    if not path.startswith(prefix) or "\x00" in path or "\\" in path:
        raise RefusedURL(f"outside the static files: {url[:200]!r}")
    name = path[len(prefix):]
    if not name or any(part in ("", ".", "..") for part in name.split("/")):
        raise RefusedURL(f"not a plain static file name: {url[:200]!r}")
    if posixpath.normpath(name) != name:
        raise RefusedURL(f"not a plain static file name: {url[:200]!r}")
    return name


def _static_roots():
    """Every directory a staticfiles finder reads from (project static/ and each app's static/)."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(os.path.realpath(location)))
    if settings.STATIC_ROOT:
        roots.append(Path(os.path.realpath(settings.STATIC_ROOT)))
    return roots


def resolve_static_file(name):
    """The absolute path of a static file, or RefusedURL.

    The finders locate the file (project static/ and every app's static/); the resolved path
    must still lie under a static root or an app's static directory, so a symlink planted in
    static/ cannot lead out of it.
    """
    found = finders.find(name)
    if not found:
        raise RefusedURL(f"no such static file: {name!r}")
    real = Path(os.path.realpath(found))
    allowed = _static_roots()
    if not any(real.is_relative_to(root) for root in allowed):
        raise RefusedURL(f"static file resolves outside the static directories: {name!r}")
    if not real.is_file():
        raise RefusedURL(f"not a file: {name!r}")
    return real


@functools.cache
def _unused_ssl_context():
    # URLFetcher builds an HTTPS handler; without a context of its own each fetcher would load the
    # system CA store (~0.1 s). fetch() below never opens a connection, so one bare context will do.
    import ssl

    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """Serves the portal's static files; refuses every other URL without opening it.

        WeasyPrint's documented way to restrict fetching: a URLFetcher subclass with its own
        `fetch(url, headers=None)`. URLFetcher.open() and __call__ both go through fetch(), so
        urllib's opener (network, file://, ftp://) is never reached; no protocol is allowed
        to the base class either, in case a later version calls it directly.
        """

        def __init__(self):
            super().__init__(timeout=1, ssl_context=_unused_ssl_context(), allowed_protocols=(), allow_redirects=False)
            self.refused = []
            self.served = []

        def fetch(self, url, headers=None):
            try:
                path = resolve_static_file(static_name_for_url(url))
            except RefusedURL as refused:
                self.refused.append(url)
                logger.warning("PDF renderer refused to fetch %s", url[:200])
                raise refused
            self.served.append(url)
            content_type, _encoding = mimetypes.guess_type(path.name)
            headers = {"Content-Type": content_type or "application/octet-stream"}
            return URLFetcherResponse(url, path.read_bytes(), headers)

    return StaticOnlyURLFetcher


def make_url_fetcher():
    """A fresh fetcher (it records what it served and refused, which tests read)."""
    return _fetcher_class()()


def page_label_css():
    """The running footer text in the active language: 'Halaman 3 dari 12'."""
    page = gettext("Halaman").replace('"', "")
    # "dari" alone is also a form label ("from"); the footer's needs its own translation ("of")
    of = pgettext("Halaman 3 dari 12", "dari").replace('"', "")
    return f'@page {{ @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); }} }}'


def render_html(template_name, context, *, language=None):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"pdf_language": language, **(context or {})}
        return render_to_string(template_name, context)


@functools.lru_cache(maxsize=32)
def _parsed_stylesheet(name, mtime):
    """A static stylesheet parsed once per process (and again when the file changes)."""
    from weasyprint import CSS

    return CSS(url=VIRTUAL_STATIC_BASE + name, url_fetcher=make_url_fetcher())


def static_stylesheet(name):
    return _parsed_stylesheet(name, resolve_static_file(name).stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _page_label_stylesheet(label_css):
    from weasyprint import CSS

    return CSS(string=label_css, url_fetcher=make_url_fetcher())


def _stylesheets(page_numbers, extra=()):
    sheets = [static_stylesheet(BASE_STYLESHEET), *(static_stylesheet(name) for name in extra)]
    if page_numbers:
        sheets.append(_page_label_stylesheet(page_label_css()))
    return sheets


# Python's default first threshold (700) runs the cyclic collector hundreds of times per
# document, because WeasyPrint allocates millions of short-lived objects; each run walks the
# young objects and every tenth a growing older generation. A higher threshold while a document
# renders made dense report pages ~15 % faster (bench/reports.py). Garbage is still collected.
# The setting is process-wide: restoring the import-time value (not the one seen on entry) keeps
# two threads rendering at once from leaving the high threshold behind.
RENDER_GC_THRESHOLD = (50_000, 20, 100)
_USUAL_GC_THRESHOLD = gc.get_threshold()


@contextlib.contextmanager
def _fewer_gc_passes():
    gc.set_threshold(*RENDER_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*_USUAL_GC_THRESHOLD)


def render_pdf(template_name, context, *, language=None, url_fetcher=None, page_numbers=True, stylesheets=()):
    """Render a Django template to PDF bytes, fetching nothing but the portal's static files.

    `language` ("id" or "en") sets the language of the template's strings, the date and number
    filters, and the page footer; by default the active language. `page_numbers=False` leaves
    the footer out, for parts that `merge_pdfs` numbers after joining them. `stylesheets` names
    more static stylesheets (e.g. "css/report-pdf.css"); like the base one they are parsed once
    per process, which matters when a pack renders one document per OPD.
    """
    from weasyprint import HTML

    language = language or translation.get_language() or settings.LANGUAGE_CODE
    fetcher = url_fetcher or make_url_fetcher()
    with translation.override(language):
        html = render_html(template_name, context, language=language)
        document = HTML(string=html, base_url=VIRTUAL_STATIC_BASE, url_fetcher=fetcher)
        with _fewer_gc_passes():
            return document.write_pdf(stylesheets=_stylesheets(page_numbers, stylesheets))


# The overlay carries only the footer: the other margin boxes (running strings, empty on these
# blank pages) are not generated at all, which halves the overlay's layout time.
OVERLAY_CSS = "@page { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } }"
OVERLAY_SKIP_FIRST_CSS = "@page :first { @bottom-right { content: none; } }"


@functools.lru_cache(maxsize=4)
def _overlay_stylesheet(css):
    from weasyprint import CSS

    return CSS(string=css, url_fetcher=make_url_fetcher())


WARM_UP_HTML = (
    '<!DOCTYPE html><html lang="id"><body><p class="running doc-title">Pemanasan</p><h1>Pemanasan</h1>'
    "<table><thead><tr><th>Uraian</th><th class=num>Nilai</th></tr></thead>"
    "<tbody><tr><td><b>Tebal</b> <i>miring</i> biasa</td><td class=num>1.234,5</td></tr></tbody></table>"
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="20" height="10" fill="#0b5394"/>'
    '<text x="22" y="8" font-family="DejaVu Sans" font-size="8">1</text></svg></body></html>'
)


def warm_up(stylesheets=()):
    """Load WeasyPrint, the fonts and the stylesheets once, e.g. in a Celery worker before it forks.

    The first document a process renders costs ~1 s more than the next ones (imports,
    fontconfig, font files, stylesheet parsing); paid in the worker's parent process, every
    forked pool process starts warm. Never raises: a cold renderer is slower, not broken.
    """
    try:
        from weasyprint import HTML

        for page_numbers in (True, False):
            HTML(string=WARM_UP_HTML, base_url=VIRTUAL_STATIC_BASE, url_fetcher=make_url_fetcher()).write_pdf(
                stylesheets=_stylesheets(page_numbers, stylesheets))
        page_number_overlay(2)
    except Exception:  # noqa: BLE001
        logger.warning("PDF renderer warm-up failed", exc_info=True)


def page_number_overlay(total, *, language=None, skip_first=True):
    """`total` transparent A4 pages carrying only the footer "Halaman x dari total"."""
    from weasyprint import HTML

    language = language or translation.get_language() or settings.LANGUAGE_CODE
    fetcher = make_url_fetcher()
    body = '<div style="break-after: page"></div>' * (total - 1) + "<div></div>"
    with translation.override(language):
        sheets = [*_stylesheets(True), _overlay_stylesheet(OVERLAY_CSS)]
        if skip_first:
            sheets.append(_overlay_stylesheet(OVERLAY_SKIP_FIRST_CSS))
        html = f"<!DOCTYPE html><html><body>{body}</body></html>"
        with _fewer_gc_passes():
            return HTML(string=html, base_url=VIRTUAL_STATIC_BASE, url_fetcher=fetcher).write_pdf(stylesheets=sheets)


def merge_pdfs(parts, *, language=None, number_pages=True, skip_first=True):
    """Join PDF documents (bytes) into one and number its pages across the parts.

    Parts are rendered with `page_numbers=False`; the footer is stamped afterwards from an
    overlay, so page x of y counts the whole merged document. The first page (a cover) is not
    numbered unless `skip_first=False`.
    """
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    total = len(writer.pages)
    if number_pages and total:
        overlay = PdfReader(io.BytesIO(page_number_overlay(total, language=language, skip_first=skip_first)))
        for page, stamp in zip(writer.pages, overlay.pages):
            page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
