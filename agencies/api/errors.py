"""Services raise Django's errors; API views answer them as DRF's (400 with the messages, 403)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions


def run(service, *args, **kwargs):
    """Call a service; turn Django's validation/permission errors into DRF responses."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise exceptions.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None)
