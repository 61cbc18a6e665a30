"""The units tests/fixtures/parallel.py hands to the xdist workers: single tests, but for the
modules that build their data once per module, which must each go to one worker whole."""

import re
from pathlib import Path

from tests.fixtures.parallel import MODULE_WORLDS, scope_of

TESTS = Path(__file__).parent
BUILT_ONCE_PER_MODULE = re.compile(r'scope="module"|module_data|world_kept_for_the_module')
TRANSACTIONAL = re.compile(r"transaction=True|transactional_db|live_server|live_cast|celery_worker")


def source_files():
    return {f"tests/{path.relative_to(TESTS).as_posix()}": path.read_text() for path in TESTS.rglob("test_*.py")}


def test_every_module_that_builds_its_data_once_goes_to_one_worker_whole():
    sources = source_files()
    building = {name for name, source in sources.items() if BUILT_ONCE_PER_MODULE.search(source)}
    building.discard("tests/test_parallel_schedule.py")
    assert building == MODULE_WORLDS


def test_no_whole_module_holds_a_transactional_test():
    # A whole module runs on its worker at once: a transactional test in it would empty the tables
    # (the data migrations' rows too) before that worker's remaining plain database tests.
    sources = source_files()
    assert [name for name in sorted(MODULE_WORLDS) if TRANSACTIONAL.search(sources[name])] == []


def test_the_unit_of_work_is_the_test_or_the_whole_module():
    matrix = "tests/security/test_matrix.py"
    assert scope_of(f"{matrix}::test_entry[GET agencies:home-biro]") == matrix
    single = "tests/agencies/test_scoping.py::test_visible_opds[biro]"
    assert scope_of(single) == single
