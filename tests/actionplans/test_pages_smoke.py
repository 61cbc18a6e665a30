import pytest
from django.urls import reverse

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_biro_and_opd_admin(cast, login):
    plan = make_plan(cast.dinkes, "RA-01")
    make_report(plan, 3, 70, "submitted")
    make_plan(cast.pky_dinkes, "RA-01")
    client = login(cast.biro)
    for name, args in [("targets", []), ("matrix", []), ("queue", []), ("not_reported", []), ("detail", [plan.pk]),
                       ("report", [plan.pk, 3]), ("opd", [cast.dinkes.pk])]:
        response = client.get(reverse(f"actionplans:{name}", args=args))
        assert response.status_code == 200, name
    assert client.get(reverse("agencies:home")).status_code == 200
    assert client.get(reverse("agencies:opd", args=[cast.dinkes.pk])).status_code == 200
    client = login(cast.opd_admin)
    assert client.get(reverse("actionplans:index")).status_code == 302
    for url in [reverse("actionplans:opd", args=[cast.dinkes.pk]), reverse("actionplans:create", args=[cast.dinkes.pk]),
                reverse("actionplans:report", args=[plan.pk, 2]), reverse("agencies:home")]:
        assert client.get(url).status_code == 200, url
