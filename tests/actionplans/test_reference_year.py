"""The 2027 cliff: a year without reference data breaks nothing, and the Biro can set it up.

The clock is frozen in January 2027 (timezone.now, which localdate() reads too); the seeded
reference data stops at 2026.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import selectors, services
from actionplans.models import Programme, ProvinceTarget, ReportingDeadline, Theme

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def freeze(monkeypatch):
    def _freeze(day):
        moment = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return _freeze


@pytest.fixture
def january_2027(freeze):
    freeze(datetime.date(2027, 1, 5))


@pytest.fixture
def data_2026(cast):
    ProvinceTarget.objects.create(province=cast.kalteng.province, year=2026, quarter=3, min_percent=Decimal("80"))
    plan = make_plan(cast.dinkes, "RA-26", year=2026, theme_code="B1")
    for quarter in (1, 2, 3):
        make_report(plan, quarter, 25 * quarter)
    return plan


def test_the_current_period_is_the_latest_triwulan_past_its_deadline(freeze):
    freeze(datetime.date(2027, 1, 5))  # TW IV 2026 is due on 10 January
    assert selectors.current_period() == (2026, 3)
    freeze(datetime.date(2027, 1, 11))
    assert selectors.current_period() == (2026, 4)
    freeze(datetime.date(2027, 4, 15))  # TW I 2027 is past, but 2027 has no themes
    assert selectors.current_period() == (2026, 4)
    assert selectors.missing_reference_year() == 2027
    freeze(datetime.date(2026, 12, 1))
    assert selectors.missing_reference_year() is None


def test_pages_open_on_the_last_year_with_data_in_january_2027(cast, login, january_2027, data_2026):
    client = login(cast.biro)
    targets = client.get(reverse("actionplans:targets"))
    assert targets.status_code == 200
    assert (targets.context["year"], targets.context["quarter"]) == (2026, 3)
    assert [t["code"] for t in targets.context["summary"]["themes"]] == ["B1"]
    for name in ("matrix", "queue", "not_reported"):
        assert client.get(reverse(f"actionplans:{name}")).status_code == 200, name
    opd = login(cast.opd_admin).get(reverse("actionplans:opd", args=[cast.dinkes.pk]))
    assert opd.context["year"] == 2026 and len(opd.context["rows"]) == 1
    form = login(cast.biro).get(reverse("reports:list")).context["form"]
    assert (form.initial["year"], form.initial["quarter"]) == (2026, 3)


def test_reports_sent_early_do_not_move_the_default_past_the_current_period(cast, login, january_2027, data_2026):
    make_report(make_plan(cast.dinkes, "RA-27", year=2026, theme_code="B2"), 4, 100)  # TW IV, due 10 January
    assert selectors.default_period(cast.biro) == (2026, 3)


def test_a_year_without_themes_says_so_instead_of_an_empty_form(cast, login, january_2027):
    client = login(cast.opd_admin)
    response = client.get(reverse("actionplans:create", args=[cast.dinkes.pk]) + "?tahun=2027", follow=True)
    assert "Data acuan tahun 2027 belum ditetapkan" in response.text
    response = client.get(reverse("actionplans:blank", args=[cast.dinkes.pk]) + "?tahun=2027", follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Data acuan tahun 2027 belum ditetapkan" in response.text


def test_the_biro_is_told_and_creates_the_year_from_the_previous_one(cast, login, january_2027, data_2026):
    client = login(cast.biro)
    home = client.get(reverse("agencies:home"))
    assert "Data acuan tahun 2027 belum ditetapkan" in home.text
    assert 'data-testid="reference-create"' in home.text
    for user in (cast.observer, cast.opd_admin, cast.leader, cast.inspector):
        assert "Data acuan tahun 2027" not in login(user).get(reverse("agencies:home")).text, user
        assert login(user).post(reverse("actionplans:reference_year_create"), {"tahun": 2027}).status_code == 403
    assert not Programme.objects.filter(year=2027).exists()

    response = login(cast.biro).post(reverse("actionplans:reference_year_create"), {"tahun": 2027}, follow=True)
    assert "Data acuan tahun 2027 dibuat dari tahun 2026" in response.text
    assert "Data acuan tahun 2027 belum ditetapkan" not in response.text

    def themes(year):
        return list(Theme.objects.filter(programme__year=year).order_by("programme__kind", "order")
                    .values_list("programme__kind", "programme__name", "code", "name", "order"))

    assert themes(2027) == themes(2026) and len(themes(2027)) == 12
    assert dict(ReportingDeadline.objects.filter(year=2027).values_list("quarter", "due_date")) == {
        1: datetime.date(2027, 4, 10), 2: datetime.date(2027, 7, 10), 3: datetime.date(2027, 10, 10),
        4: datetime.date(2028, 1, 10)}
    target = ProvinceTarget.objects.get(province=cast.kalteng.province, year=2027)
    assert (target.quarter, target.min_percent) == (3, Decimal("80.00"))
    # audited: every row created records who created it
    assert {h.history_user for h in Theme.history.filter(programme__year=2027)} == {cast.biro}
    assert ProvinceTarget.history.get(year=2027).history_user == cast.biro

    # Twice does nothing and says why.
    response = login(cast.biro).post(reverse("actionplans:reference_year_create"), {"tahun": 2027}, follow=True)
    assert "Data acuan tahun 2027 sudah ada." in response.text
    assert Theme.objects.filter(programme__year=2027).count() == 12


def test_a_year_is_copied_only_from_one_that_exists(cast):
    with pytest.raises(services.ValidationError, match="Tahun 2029 tidak memiliki data acuan"):
        services.create_reference_year(2030, by=cast.superuser)
    assert not Programme.objects.filter(year=2030).exists()


def test_once_created_the_new_year_opens_when_its_first_deadline_passes(cast, freeze):
    freeze(datetime.date(2027, 4, 15))
    services.create_reference_year(2027, by=cast.superuser)
    assert selectors.current_period() == (2027, 1)
    assert selectors.missing_reference_year() is None


def test_the_admin_warns_and_copies_with_an_action(cast, client, january_2027):
    client.force_login(cast.superuser)
    url = reverse("admin:actionplans_programme_changelist")
    assert "Data acuan tahun 2027 belum ditetapkan" in client.get(url).text
    ids = list(Programme.objects.filter(year=2026).values_list("pk", flat=True))
    response = client.post(url, {"action": "copy_to_next_year", "_selected_action": ids}, follow=True)
    assert "Data acuan tahun 2027 dibuat dari tahun 2026" in response.text
    assert Programme.objects.filter(year=2027).count() == 2
    assert {h.history_user for h in Programme.history.filter(year=2027)} == {cast.superuser}


def test_scheduled_packs_stay_on_the_last_year_with_data(db):
    """The beat schedule (reports/schedule.py) asks latest_due_period which pack is due."""
    from actionplans.selectors import latest_due_period

    assert latest_due_period(datetime.date(2027, 4, 15)) == (2026, 4)
    assert latest_due_period(datetime.date(2026, 4, 15)) == (2026, 1)


def test_the_default_period_is_the_latest_reported_in_scope_not_elsewhere(cast, freeze):
    """Another province's later reports do not move a Biro's or an agency admin's default."""
    freeze(datetime.date(2026, 11, 20))  # TW III 2026 is past its deadline
    make_report(make_plan(cast.dinkes, "RA-K", year=2026, theme_code="B1"), 1, 25)
    kaltim = make_plan(cast.kaltim_dinkes, "RA-T", year=2026, theme_code="B1")
    for quarter in (1, 2, 3):
        make_report(kaltim, quarter, 25 * quarter)
    assert selectors.default_period(cast.biro) == (2026, 1)
    assert selectors.default_period(cast.biro_other) == (2026, 3)
    assert selectors.default_period(cast.opd_admin) == (2026, 1)
    assert selectors.default_period(cast.observer) == (2026, 3)
