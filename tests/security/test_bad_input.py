"""Input the database cannot hold answers 400 with a message, never 500 (found by the fuzzer:
GET /api/v1/progress-reports/?opd=<30 digits> raised OverflowError on SQLite)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [f"/api/v1/progress-reports/?opd={HUGE}", f"/api/v1/progress-reports/?pemda={HUGE}"],
)
def test_out_of_range_numbers_never_answer_500_in_the_api(cast, login, url):
    response = login(cast.biro).get(url)
    # SQLite cannot bind the number (OverflowError -> 400 with a message); PostgreSQL compares
    # it as numeric and simply finds nothing (200).
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert response.json()["detail"] == "Nilai pada permintaan di luar jangkauan yang dapat diproses."
    else:
        assert response.status_code == 200 and response.json()["count"] == 0


def test_out_of_range_numbers_answer_400_on_pages(rf, cast):
    from reformportal.security import OutOfRangeInputMiddleware

    middleware = OutOfRangeInputMiddleware(lambda request: None)
    response = middleware.process_exception(rf.get("/rencana-aksi/"), OverflowError("int too large"))
    assert response.status_code == 400 and "di luar jangkauan" in response.content.decode()
    assert middleware.process_exception(rf.get("/"), ValueError("other")) is None
