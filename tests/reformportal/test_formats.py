"""reformportal.formats: Django's own dates and separators, plus rupiah, "75,5 %" and "TW III"."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from reformportal import formats

CASES = {
    "id": {
        "number": "1.234.567,89", "whole": "1.234.567", "date": "30 Januari 2025", "rupiah": "Rp 1.234.567",
        "percent": "75,5 %", "round": "75 %", "even": "0,12",
    },
    "en": {
        "number": "1,234,567.89", "whole": "1,234,567", "date": "January 30, 2025", "rupiah": "Rp 1,234,567",
        "percent": "75.5 %", "round": "75 %", "even": "0.12",
    },
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_formats_in_the_active_language(language):
    expected = CASES[language]
    with translation.override(language):
        assert formats.group_number(Decimal("1234567.891"), 2) == expected["number"]
        assert formats.group_number(1234567) == expected["whole"]
        assert formats.group_number(Decimal("0.125"), 2) == expected["even"]  # half even, as before
        assert formats.long_date(datetime.date(2025, 1, 30)) == expected["date"]
        assert formats.rupiah(1234567) == expected["rupiah"]
        assert formats.percent(Decimal("75.50")) == expected["percent"]
        assert formats.percent(75) == expected["round"]
        assert formats.quarter_label(3) == "TW III"
        rendered = Template(
            "{% load portal plans %}{{ n|angka:2 }}|{{ d|tanggal }}|{{ r|rupiah }}|{{ p|persen }}|{{ q|tw }}|{{ b|bar_width }}"
        ).render(Context({"n": Decimal("1234567.891"), "d": datetime.date(2025, 1, 30), "r": 1234567, "p": 75.5, "q": 3, "b": 52.94}))
        assert rendered == "|".join([expected["number"], expected["date"], expected["rupiah"], expected["percent"], "TW III", "52.9"])


def test_a_forced_language_does_not_leak():
    with translation.override("en"):
        assert formats.long_date(datetime.date(2025, 5, 1), "id") == "1 Mei 2025"
        assert formats.group_number(Decimal("1234.5"), 1, "id") == "1.234,5"
        assert translation.get_language() == "en"


def test_missing_values():
    assert formats.group_number(None) == "" and formats.rupiah("") == "" and formats.percent(None) == "–"
    assert formats.long_date(None) == "" and formats.group_number("abc") == "abc"
