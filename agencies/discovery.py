"""Optional per-app modules (demo.py, panels.py) found by name, so agencies/ never imports feature apps."""

from importlib import import_module

from django.apps import apps


def app_modules(module_name):
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        try:
            yield import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
