"""manage.py generate_national: the benchmark data set, its distributions and its refusals."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from actionplans.models import ActionPlan, Evidence, ProgressReport, ReportTransition
from actionplans.national import bench_username, generate, selected_pemdas
from agencies.models import Membership, Opd, Pemda, User

pytestmark = pytest.mark.django_db


def test_it_fills_a_sample_of_pemda_with_agencies_plans_and_reports_in_every_state():
    counts = generate(0.004, io.StringIO())
    pemdas = selected_pemdas(0.004)
    assert counts["pemda"] == len(pemdas) == round(Pemda.objects.count() * 0.004)
    assert any(p.is_province and p.province.code == "62" for p in pemdas)
    opds = Opd.objects.count()
    assert Opd.objects.filter(pemda__in=pemdas).count() == opds == counts["agencies_opd"]
    assert 30 <= opds / len(pemdas) <= 50
    plans = ActionPlan.objects.filter(year=2025).count()
    assert 8 * opds <= plans <= 12 * opds
    assert ProgressReport.objects.count() == counts["actionplans_progressreport"]
    assert 3.3 * plans <= ProgressReport.objects.count() <= 4 * plans
    tw4 = set(ProgressReport.objects.filter(quarter=4).values_list("status", flat=True))
    assert tw4 == {"verified", "submitted", "returned", "draft"}
    reported = ProgressReport.objects.exclude(status="draft")
    assert ReportTransition.objects.filter(to_status="submitted").count() == reported.count()
    assert Evidence.objects.count() > 0.5 * reported.count()
    # ids were assigned by the generator: the sequences go on after them
    assert ActionPlan.objects.create(
        opd=Opd.objects.first(), year=2026, theme=ActionPlan.objects.first().theme, code="NEW", goal="g",
        indicator="i", unit="%", annual_target=1,
    ).pk == ActionPlan.objects.order_by("-pk").values_list("pk", flat=True)[1] + 1


def test_its_accounts_log_in_with_the_demo_password():
    generate(0.002, io.StringIO())
    observer = User.objects.get(username=bench_username("observer"))
    assert observer.check_password(settings.DEMO_PASSWORD)
    assert observer.scope.reach == "all"
    assert User.objects.get(username=bench_username("biro", "62")).scope.role == "biro"
    assert Membership.objects.filter(role="opd_admin").count() == Opd.objects.count()


def test_the_command_adds_an_lhe_and_a_meeting_per_pemprov_then_refuses_to_run_again(settings):
    from evaluations.models import Lhe
    from meetings.models import Meeting

    settings.DEBUG = True
    call_command("generate_national", "--scale", "0.002", stdout=io.StringIO())
    pemprovs = Pemda.objects.filter(level="province", opds__isnull=False).distinct().count()
    assert pemprovs >= 1
    assert Lhe.objects.filter(year=2024, kind="eksternal").count() == Meeting.objects.count() == pemprovs
    assert Meeting.objects.first().invited_opds.count() == 15
    before = ActionPlan.objects.count()
    with pytest.raises(CommandError, match="already has agencies"):
        call_command("generate_national", "--scale", "0.002", stdout=io.StringIO())
    assert ActionPlan.objects.count() == before


def test_it_refuses_when_debug_is_off_or_the_scale_is_out_of_range(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="scale"):
        call_command("generate_national", "--scale", "0", stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_national", "--scale", "0.002", stdout=io.StringIO())
    assert not Opd.objects.exists()
