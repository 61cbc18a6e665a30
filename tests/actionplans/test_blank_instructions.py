"""The blank's instruction sheet reads as written (no printf escapes left in the text)."""

import io

import openpyxl
import pytest

from actionplans.blank import INSTRUCTION_SHEET, build_blank

pytestmark = pytest.mark.django_db


def test_the_instructions_say_75_percent_once(cast):
    sheet = openpyxl.load_workbook(io.BytesIO(build_blank(cast.dinkes, 2025)))[INSTRUCTION_SHEET]
    lines = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    numbers = next(line for line in lines if line.startswith("5. "))
    assert "persen boleh 75%." in numbers
    assert not any("%%" in line for line in lines)
