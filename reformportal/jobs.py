"""What every piece of long work a user waits for has: a row a Celery task fills in the background
while the page polls it (static/js/reports.js). The quarterly reports and the national export
both extend it."""

from django.db import models
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

from reformportal.uploads import serve_upload


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    failure_reason = models.TextField(_("alasan kegagalan"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    def progress_payload(self, download_url):
        """The JSON the progress bar polls; `download_url` is given once the job is done."""
        return {
            "id": self.pk,
            "status": self.status,
            "status_label": str(self.get_status_display()),
            "progress": self.progress,
            "done": self.is_done,
            "active": self.is_active,
            "failure_reason": self.failure_reason,
            "download_url": download_url if self.is_done else None,
        }


def status_response(job, download_url, **extra):
    """The progress bar's JSON of `job` (plus `extra` fields), never cached."""
    response = JsonResponse({**job.progress_payload(download_url), **extra})
    response["Cache-Control"] = "no-store"
    return response


def file_response(job, missing_message):
    """The finished job's file (its `file` and `download_name()`); 404 with `missing_message` before."""
    if not job.is_done or not job.file:
        raise Http404(missing_message)
    return serve_upload(job.file, job.download_name())
