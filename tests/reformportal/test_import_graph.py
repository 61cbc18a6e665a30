"""The platform package imports no feature app: the feature apps build on `reformportal/`, never
the other way round (STYLE.md, "Which app may import which").

Every module under reformportal/ is parsed (ast, nothing is imported); an `import`, a
`from … import` or an `importlib.import_module("…")` of a feature app fails the test. Strings
that name an app for Django to load (`include("actionplans.urls")`, INSTALLED_APPS, task names)
are wiring, not imports, and are allowed.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ROOT / "reformportal"
FEATURE_APPS = {"agencies", "actionplans", "evaluations", "meetings", "institutions", "reports"}


def imported_names(tree):
    """(line, dotted name) of every absolute import in a module, dynamic ones included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def feature_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for line, name in imported_names(tree)
        if name.split(".")[0] in FEATURE_APPS
    ]


def test_the_platform_package_imports_no_feature_app():
    modules = sorted(PLATFORM.rglob("*.py"))
    assert len(modules) > 10  # the walk found the package
    offences = [offence for path in modules for offence in feature_imports(path)]
    assert offences == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from agencies.views import set_language", True),
        ("import evaluations.selectors", True),
        ("def f():\n    from reports import services", True),
        ("importlib.import_module('meetings.selectors')", True),
        ("from reformportal.pdf import render_pdf", False),
        ("path('', include('actionplans.urls'))", False),
        ("from . import health", False),
    ],
)
def test_the_check_sees_every_kind_of_import(source, found):
    names = [name for _line, name in imported_names(ast.parse(source)) if name.split(".")[0] in FEATURE_APPS]
    assert bool(names) is found
