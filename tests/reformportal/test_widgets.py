"""reformportal/widgets.py: LongSelect writes what forms.Select writes, in one pass."""

import pytest
from django import forms

from reformportal.widgets import LongSelect

CHOICES = [("", "Semua"), (1, "Dinas <Kesehatan> & \"KB\""), ("Kota", [(2, "Palangka Raya"), (3, "Sampit")]), (4, "Kaltim")]


@pytest.mark.parametrize("value", [None, "", "1", 3, "4", "99"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_pemda", "required": True, "aria-describedby": "id_pemda_helptext", "disabled": False}])
def test_long_select_writes_what_select_writes(value, attrs):
    assert LongSelect(choices=CHOICES).render("pemda", value, attrs) == forms.Select(choices=CHOICES).render("pemda", value, attrs)


def test_long_select_escapes_labels_values_and_group_names():
    html = LongSelect(choices=[('"><x', [('a"b', "<script>")])]).render("p", None)
    assert "<script>" not in html and '"><x' not in html
    assert '<optgroup label="&quot;&gt;&lt;x">' in html and '<option value="a&quot;b">&lt;script&gt;</option>' in html
