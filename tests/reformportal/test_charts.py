"""reformportal/charts.py, the one chart module: one colour rule per measure, words translated,
numbers in SVG attributes with a dot whatever the language; no other module draws SVG."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from reformportal import charts

BASE_DIR = Path(__file__).resolve().parents[2]
ATTRIBUTE_NUMBER = re.compile(r'\s(?:x|y|x1|x2|y1|y2|width|height|cx|cy|r|rx)="([^"]*)"')


@pytest.mark.parametrize("value, colour", [
    (None, charts.GREY), (80, charts.GREEN), (75, charts.GREEN), (60, charts.OCHRE), (59.9, charts.RED), (0, charts.RED),
])
def test_one_colour_rule_for_the_share_achieved_against_the_target(value, colour):
    assert charts.colour_for(charts.Measure.ACHIEVED_SHARE, value, 75) == colour


def test_page_and_pdf_bars_use_the_same_rule():
    items = [("Dinkes", 80), ("Diskominfo", 62.5), ("Inspektorat", 10), ("BKD", None)]
    page = charts.bar_chart(items, target=75, size=charts.SCREEN)
    pdf = charts.bar_chart(items, target=75, size=charts.PRINT)
    fills = re.compile(r'<rect [^>]*fill="(#[0-9a-f]{6})" rx="2"><title>')
    assert fills.findall(page) == fills.findall(pdf) == [charts.GREEN, charts.OCHRE, charts.RED]
    gauge = charts.gauge(62.5, 75, size=charts.PRINT)
    assert f'fill="{charts.OCHRE}"' in gauge


def test_weighted_achievement_has_one_neutral_colour():
    svg = charts.bar_chart([("G1", 100), ("G2", 10)], measure=charts.Measure.ACHIEVEMENT, size=charts.PRINT)
    assert re.findall(r'fill="(#[0-9a-f]{6})" rx="2"><title>', svg) == [charts.BLUE, charts.BLUE]
    assert "target" not in svg  # no target line for a measure without a target


@pytest.mark.parametrize("language, shown", [("id", "52,9 %"), ("en", "52.9 %")])
def test_numbers_shown_follow_the_language_and_attributes_always_use_a_dot(language, shown):
    with translation.override(language):
        svg = charts.bar_chart([("Dinkes", 52.94), ("Satpol PP", 7.25)], target=75, title="Uji") + charts.gauge(52.94, 75)
    assert f">{shown}</text>" in svg
    values = ATTRIBUTE_NUMBER.findall(svg)
    assert values and all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values), values
    assert re.search(r'viewBox="0 0 \d+ \d+(\.\d)?"', svg)


def test_the_word_target_goes_through_the_translation(monkeypatch):
    monkeypatch.setattr(charts, "_", lambda text: text.replace("target", "sasaran"))
    svg = charts.bar_chart([("Dinkes", 50)], target=75) + charts.gauge(50, 75)
    assert "target" not in svg and svg.count("sasaran 75 %") == 4  # bar chart line; gauge aria-label, tooltip and label


def test_labels_are_escaped_and_shortened_with_the_full_text_kept():
    long = "Dinas <Pemberdayaan> Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB"
    svg = charts.bar_chart([(long, 50)], target=75)
    assert "<Pemberdayaan>" not in svg and "&lt;Pemberdayaan&gt;" in svg
    assert "…</text>" in svg and f"<title>{long.replace('<', '&lt;').replace('>', '&gt;')}</title>" in svg


def test_the_trend_chart_marks_bands_target_and_points():
    series = [charts.Series("Eksternal", charts.BLUE, (("2023", 65.5, "2023: 65,5"), ("2024", 71.2, "2024: 71,2")))]
    bands = [charts.Band(60, 70, "B"), charts.Band(70, 80, "BB")]
    with translation.override("id"):
        svg = charts.trend_chart(series, bands=bands, target=(70, "BB"), title="Tren")
    assert "target BB" in svg and ">71,20</text>" in svg and "<polyline" in svg
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in ATTRIBUTE_NUMBER.findall(svg))
    assert charts.trend_chart([charts.Series("x", charts.BLUE, ())]) == ""


def test_no_other_module_draws_svg():
    drawing = []
    for path in BASE_DIR.glob("*/**/*.py"):
        if path.parts[len(BASE_DIR.parts)] in (".venv", "tests", "var", "bench", "node_modules"):
            continue
        # pdf.py holds a tiny warm-up document for WeasyPrint, not a chart.
        if "<svg" in path.read_text(errors="ignore") and path.relative_to(BASE_DIR).as_posix() not in (
            "reformportal/charts.py", "reformportal/pdf.py",
        ):
            drawing.append(str(path.relative_to(BASE_DIR)))
    assert drawing == []


def test_numbers_are_rounded_half_up_not_cut_off():
    with translation.override("id"):
        assert charts.percent(52.96) == "53,0 %" and charts.percent(7.25) == "7,3 %" and charts.percent(None) == "–"
        assert charts.number(1234.5, 0) == "1.235"
