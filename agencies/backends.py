"""Signing in and reading the signed-in user."""

from django.contrib.auth.backends import ModelBackend

from .models import User
from .scoping import with_membership


class MembershipModelBackend(ModelBackend):
    """Django's ModelBackend, reading each request's user with its membership in the same query:
    the scope every page starts from then costs no query of its own."""

    def get_user(self, user_id):
        try:
            user = with_membership(User.objects).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
