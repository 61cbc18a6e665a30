"""Messages for the next page (django.contrib.messages) about what a form refused."""

from django.contrib import messages


def flash_form_errors(request, form):
    """One error message per error of a bound, invalid `form`, in the form's field order."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
