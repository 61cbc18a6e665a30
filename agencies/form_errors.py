"""What a form or a service refused, shown where the user looks: on the form, or as messages on
the next page (django.contrib.messages)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def add_service_errors(form, error):
    """A service's ValidationError on the form it came from: on the field it names when the form
    has that field, otherwise on the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def flash_form_errors(request, form):
    """One error message per error of a bound, invalid `form`, in the form's field order."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def commit_or_refuse(request, commit, *, rejected):
    """`commit()`'s outcome for an all-or-nothing import, or None after a message saying why nothing
    was saved: the service's ValidationError, or the blank's own errors when `rejected(outcome)`."""
    try:
        outcome = commit()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    if rejected(outcome):
        messages.error(request, _("Blanko ditolak; tidak ada data yang disimpan."))
        return None
    return outcome
