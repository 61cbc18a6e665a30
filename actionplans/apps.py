from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = 'actionplans'

    def ready(self):
        from . import rollups

        rollups.connect()
