from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = 'agencies'

    def ready(self):
        from .api import schema  # noqa: F401  (registers the OpenAPI field extension)
