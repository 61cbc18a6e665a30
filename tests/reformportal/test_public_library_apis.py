"""#12.2: the portal uses openpyxl and WeasyPrint through their public API only.

A private name (`._reader`, `ws._get_source()`, `wb._cell_styles`, `fetcher._timeout`) is free to
change in the next release; the upload checks and the PDF fetcher restriction would break with it.
This test reads the project's code (every module that imports one of these libraries) and fails on
- an import of a private module or name of openpyxl/weasyprint (`openpyxl.worksheet._reader`);
- an attribute access `x._name`, unless `x` is `self`/`cls` inside a class of the project that
  does not inherit from a class of those libraries (the class's own private state).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("openpyxl", "weasyprint")
SKIP_DIRS = {".venv", "var", "artifacts", "node_modules", "migrations", ".git"}


def _project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if SKIP_DIRS.intersection(path.relative_to(ROOT).parts) or path == Path(__file__).resolve():
            continue
        yield path


def _is_library(module):
    return bool(module) and module.split(".")[0] in LIBRARIES


def _private(name):
    return name.startswith("_") and not name.startswith("__") and name[1:2].islower()


def violations_in(source, filename="<source>"):
    tree = ast.parse(source, filename)
    library_names = set()  # names bound to something from openpyxl/weasyprint
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_library(alias.name):
                    library_names.add((alias.asname or alias.name).split(".")[0])
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and _is_library(node.module):
            for alias in node.names:
                library_names.add(alias.asname or alias.name)
                if any(_private(part) for part in node.module.split(".")) or _private(alias.name):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
    if not library_names:
        return found

    def visit(node, own_class):
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base).split(".")[0] for base in node.bases}
            own_class = not bases & library_names
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            is_self = isinstance(owner, ast.Name) and owner.id in ("self", "cls")
            if not (is_self and own_class):
                found.append((node.lineno, ast.unparse(node)))
        for child in ast.iter_child_nodes(node):
            visit(child, own_class)

    visit(tree, True)
    return found


def test_no_private_openpyxl_or_weasyprint_names_in_the_project():
    problems = []
    for path in _project_modules():
        source = path.read_text(encoding="utf-8")
        if not any(library in source for library in LIBRARIES):
            continue
        for line, text in violations_in(source, str(path)):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {text}")
    assert problems == []


def test_the_check_catches_what_the_old_code_did():
    old_reader = (
        "from openpyxl.worksheet._reader import WorkSheetParser\n"
        "def rows(ws, wb):\n"
        "    with ws._get_source() as src:\n"
        "        return wb._cell_styles, wb._number_formats\n"
    )
    old_fetcher = (
        "from weasyprint.urls import URLFetcher\n"
        "class Fetcher(URLFetcher):\n"
        "    def __init__(self):\n"
        "        self._timeout = 0\n"
    )
    assert [text for _line, text in violations_in(old_reader)] == [
        "from openpyxl.worksheet._reader import WorkSheetParser", "ws._get_source", "wb._cell_styles", "wb._number_formats",
    ]
    assert [text for _line, text in violations_in(old_fetcher)] == ["self._timeout"]
    own = "import openpyxl\nclass Rows:\n    def __init__(self):\n        self._cells = ()\n"
    assert violations_in(own) == []
