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


def app_panels(hook, *args):
    """Panels every app's optional `panels.py` contributes through `hook` (home_panels, opd_panels)."""
    return [panel for module in app_modules("panels") if hasattr(module, hook) for panel in getattr(module, hook)(*args)]
