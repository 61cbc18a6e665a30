"""The recap of a round for the rakor: one context for the page and the PDF, and the PDF job.

The PDF is rendered by a Celery task (evaluations.pd.tasks) from a PdRecap row: the page asks
for it (request_recap), the task claims the row, renders with reformportal.pdf and stores the
file once. A request while the same language is queued or running returns that row.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Opd
from evaluations.models import Recommendation
from reformportal.pdf import render_pdf
from reformportal.taskqueue import send_on_commit

from . import rules
from .charts import distribution_svg, scores_svg
from .models import PdRecap
from .selectors import round_results, trend

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "evaluations/pd/pdf/recap.html"


def signer_of(round):
    """The Kepala Biro Organisasi of the round's province (None if the Biro is not recorded)."""
    return Opd.objects.filter(pemda=round.pemda, kind=Opd.Kind.BIRO_ORGANISASI, is_active=True).first()


def recap_context(round, user):
    """Everything the recap shows, scoped to `user`. A fixed number of queries."""
    results = round_results(round, user)
    years, trend_rows = trend(round, user)
    recommendations = list(
        Recommendation.objects.visible_to(user).filter(pd_submission__round=round)
        .select_related("pd_submission__pemda__province", "pd_submission__pemda__regency").prefetch_related("opds")
        .order_by("pd_submission__pemda__regency__code", "number")
    )
    meetings = list(round.meetings.visible_to(user).prefetch_related("recommendations").order_by("starts_at"))
    central = [r for m in meetings for r in m.recommendations.all() if r.addressee_kind == "central"]
    return {
        "round": round,
        "results": results,
        "trend_years": years,
        "trend_rows": trend_rows,
        "recommendations": recommendations,
        "meetings": meetings,
        "central_recommendations": central,
        "distribution_chart": distribution_svg(results.distribution, title=_("Sebaran tingkat kematangan")),
        "scores_chart": scores_svg(results.pemdas, variable_count=results.variable_count,
                                   title=_("Rata-rata skor kematangan per kabupaten/kota")),
    }


# --- the PDF job -------------------------------------------------------------------------------


@transaction.atomic
def request_recap(round, *, language, by):
    if not rules.can_manage_round(by, round):
        raise PermissionDenied
    language = language if language in ("id", "en") else "id"
    busy = PdRecap.objects.filter(round=round, language=language, status__in=(PdRecap.Status.QUEUED, PdRecap.Status.RUNNING)).first()
    if busy:
        return busy
    recap = PdRecap.objects.create(round=round, language=language, requested_by=by)
    from .tasks import generate_pd_recap

    send_on_commit(generate_pd_recap, recap.pk)
    return recap


@transaction.atomic
def claim(recap_id):
    """Lock the row and mark it running; None when it is done already (a redelivered message)."""
    recap = PdRecap.objects.select_for_update(of=("self",)).filter(pk=recap_id).first()
    if recap is None or recap.status == PdRecap.Status.DONE:
        return None
    recap.status = PdRecap.Status.RUNNING
    recap.save(update_fields=["status"])
    return recap


def render(recap):
    round = recap.round
    with translation.override(recap.language):  # labels and categories are resolved while building the context
        context = recap_context(round, recap.requested_by)
    context.update({"signer": signer_of(round), "printed_on": timezone.localdate(timezone.now(), round.pemda.tzinfo)})
    return render_pdf(PDF_TEMPLATE, context, language=recap.language, stylesheets=("css/pd_recap_pdf.css",))


@transaction.atomic
def finish(recap_id, pdf_bytes):
    recap = PdRecap.objects.select_for_update(of=("self",)).get(pk=recap_id)
    if recap.status == PdRecap.Status.DONE:
        return recap
    recap.file.save(f"rekap-{recap.round.year}-{recap.language}.pdf", ContentFile(pdf_bytes), save=False)
    recap.status, recap.finished_at, recap.error = PdRecap.Status.DONE, timezone.now(), ""
    recap.save(update_fields=["file", "status", "finished_at", "error"])
    return recap


def fail(recap_id, exc):
    logger.exception("pd recap %s failed", recap_id, exc_info=exc)
    PdRecap.objects.filter(pk=recap_id).exclude(status=PdRecap.Status.DONE).update(
        status=PdRecap.Status.FAILED, error=_("Rekap gagal dibuat: %(reason)s") % {"reason": type(exc).__name__},
        finished_at=timezone.now(),
    )


def generate(recap_id):
    """Claim, render, store: what the task calls. Returns the final status."""
    recap = claim(recap_id)
    if recap is None:
        return "skipped"
    return finish(recap_id, render(recap)).status
