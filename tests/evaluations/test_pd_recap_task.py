"""The recap PDF task: idempotent, a failure recorded with a reason, a busy request reused."""

import pytest
from django.core.exceptions import PermissionDenied

from evaluations.models import PdRecap
from evaluations.pd import recap as recap_service
from evaluations.pd.tasks import generate_pd_recap

from .pd_helpers import verified_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return verified_round(cast.kalteng, [cast.palangkaraya, cast.kobar])


def test_a_second_delivery_of_the_task_writes_nothing(cast, round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        recap = recap_service.request_recap(round, language="id", by=cast.biro)
    recap.refresh_from_db()
    assert recap.status == "done" and recap.file
    name = recap.file.name
    assert generate_pd_recap.apply(args=[recap.pk]).get() == "skipped"
    recap.refresh_from_db()
    assert recap.file.name == name and PdRecap.objects.count() == 1


def test_a_request_while_one_is_queued_returns_it(cast, round):
    first = recap_service.request_recap(round, language="en", by=cast.biro)  # on_commit not run: stays queued
    assert recap_service.request_recap(round, language="en", by=cast.biro) == first
    assert recap_service.request_recap(round, language="id", by=cast.biro) != first


def test_a_failed_render_is_recorded_with_a_reason(cast, round, monkeypatch):
    recap = PdRecap.objects.create(round=round, language="id", requested_by=cast.biro)

    def broken(_recap):
        raise RuntimeError("boom")

    monkeypatch.setattr(recap_service, "render", broken)
    assert generate_pd_recap.apply(args=[recap.pk]).get() == "failed"
    recap.refresh_from_db()
    assert recap.status == "failed" and "RuntimeError" in recap.error and not recap.file


def test_only_the_province_biro_requests_it(cast, round):
    for user in (cast.bagian, cast.biro_other, cast.opd_admin):
        with pytest.raises(PermissionDenied):
            recap_service.request_recap(round, language="id", by=user)
