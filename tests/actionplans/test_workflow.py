"""Report workflow: each transition by each role, allowed and refused; locked reports cannot change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans import services
from actionplans.models import ProgressReport, ReportTransition

from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db

ALL_ROLES = [
    "opd_admin", "opd_admin_other", "biro", "biro_other", "bagian", "bagian_other",
    "inspector", "inspector_other", "leader", "observer", "superuser", "nobody",
]


def _report(cast, opd="dinkes", status="draft"):
    plan = make_plan(getattr(cast, opd), "RA-01")
    return make_report(plan, 3, 70, status)


def _attempt(action, report, user):
    try:
        services.run_action(report, action, by=user, comment="Catatan verifikator")
    except PermissionDenied:
        return False
    return True


CASES = [
    # action, OPD of the plan, starting status, roles allowed (everyone else refused)
    ("submit", "dinkes", "draft", {"opd_admin", "superuser"}),
    ("submit", "dinkes", "returned", {"opd_admin", "superuser"}),
    ("verify", "dinkes", "submitted", {"biro", "superuser"}),
    ("return", "dinkes", "submitted", {"biro", "superuser"}),
    ("reopen", "dinkes", "verified", {"biro", "superuser"}),
    ("verify", "pky_dinkes", "submitted", {"biro", "bagian", "superuser"}),
    ("return", "pky_dinkes", "submitted", {"biro", "bagian", "superuser"}),
    ("reopen", "pky_dinkes", "verified", {"biro", "superuser"}),
]


@pytest.mark.parametrize("action,opd,start,allowed", CASES)
def test_each_transition_by_each_role(cast, action, opd, start, allowed):
    for role in ALL_ROLES:
        report = _report(cast, opd, start)
        user = getattr(cast, role)
        ok = _attempt(action, report, user)
        assert ok == (role in allowed), f"{action} by {role}"
        report.refresh_from_db()
        if ok:
            assert report.status != start
            log = ReportTransition.objects.get(report=report, from_status=start)
            assert log.by == user and log.to_status == report.status and log.at
        else:
            assert report.status == start
            assert not ReportTransition.objects.filter(report=report).exists()
        report.plan.delete()


def test_transitions_record_who_and_when_and_comment(cast):
    report = _report(cast)
    services.submit_report(report, by=cast.opd_admin)
    services.return_report(report, by=cast.biro, comment="Bukti kurang")
    report.refresh_from_db()
    assert report.status == "returned" and report.comment == "Bukti kurang" and report.reviewed_by == cast.biro
    services.submit_report(report, by=cast.opd_admin)
    services.verify_report(report, by=cast.biro)
    services.reopen_report(report, by=cast.biro, comment="Salah angka")
    steps = list(ReportTransition.objects.filter(report=report).values_list("from_status", "to_status", "by__username", "comment"))
    assert steps == [
        ("draft", "submitted", "admin_dinkes", ""),
        ("submitted", "returned", "biro", "Bukti kurang"),
        ("returned", "submitted", "admin_dinkes", ""),
        ("submitted", "verified", "biro", ""),
        ("verified", "returned", "biro", "Salah angka"),
    ]


def test_return_and_reopen_require_a_comment(cast):
    report = _report(cast, status="submitted")
    with pytest.raises(ValidationError):
        services.return_report(report, by=cast.biro, comment="  ")
    report.status = "verified"
    report.save()
    with pytest.raises(ValidationError):
        services.reopen_report(report, by=cast.biro, comment="")


def test_wrong_starting_status_is_refused(cast):
    report = _report(cast, status="draft")
    with pytest.raises(ValidationError):
        services.verify_report(report, by=cast.biro)
    with pytest.raises(ValidationError):
        services.reopen_report(report, by=cast.biro, comment="x")
    submitted = _report(cast, "kominfo", "submitted")
    with pytest.raises(ValidationError):
        services.submit_report(submitted, by=cast.opd_admin_other)


def test_submit_needs_a_realisation(cast):
    plan = make_plan(cast.dinkes, "RA-09")
    report = make_report(plan, 3, None, "draft")
    with pytest.raises(ValidationError):
        services.submit_report(report, by=cast.opd_admin)


@pytest.mark.parametrize("status", ["verified", "submitted"])
def test_locked_reports_cannot_change(cast, status):
    report = _report(cast, status=status)
    with pytest.raises(ValidationError):
        services.save_report(report.plan, 3, by=cast.opd_admin, realisation=99)
    with pytest.raises(ValidationError):
        services.save_report(report.plan, 3, by=cast.biro, realisation=99)
    with pytest.raises(ValidationError):
        services.add_evidence(report, by=cast.opd_admin, label="Tautan", url="https://example.org/bukti")
    report.refresh_from_db()
    assert report.realisation == 70 and report.evidence.count() == 0


def test_draft_report_is_saved_with_evidence(cast):
    plan = make_plan(cast.dinkes, "RA-01")
    report = services.save_report(plan, 3, by=cast.opd_admin, realisation=60, narrative="Sudah berjalan")
    assert ProgressReport.objects.get(pk=report.pk).realisation == 60
    services.add_evidence(report, by=cast.opd_admin, label="Tautan", url="https://example.org/bukti")
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")
    evidence = services.add_evidence(report, by=cast.opd_admin, label="Notulen", file=pdf)
    assert evidence.file.name.startswith("evidence/") and evidence.original_name == "bukti.pdf"
    assert report.evidence.count() == 2
    assert report.history.count() >= 1 and evidence.history.count() == 1


def test_read_only_roles_cannot_write_reports(cast):
    plan = make_plan(cast.dinkes, "RA-01")
    for user in (cast.leader, cast.observer, cast.inspector, cast.opd_admin_other, cast.biro_other):
        with pytest.raises(PermissionDenied):
            services.save_report(plan, 3, by=user, realisation=1)
