from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The wiring package as an app, so that its signal receivers connect at start-up."""

    name = "reformportal"
    verbose_name = "Portal RB"

    def ready(self):
        from . import security  # noqa: F401  (login/logout/failed-login receivers)
