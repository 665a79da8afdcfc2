"""The suite's own guard: a test that leaves a database connection open fails.

Run in a separate pytest (pytester) with the project's real conftest, so what is checked
is the fixture every test here gets, not a copy of it.
"""

import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).parents[1] / "conftest.py"

# The connection sits in a reference cycle, so only the collector frees it: without the
# guard's collection the leak would surface in some later test, or never.
LEAKING_TESTS = """
import sqlite3


def test_leaves_a_connection_open():
    holder = []
    holder.append(holder)
    holder.append(sqlite3.connect(":memory:"))


def test_closes_its_connection():
    connection = sqlite3.connect(":memory:")
    connection.execute("SELECT 1")
    connection.close()
"""


@pytest.mark.skipif(
    sys.version_info < (3, 13), reason="sqlite3 warns about unclosed connections from 3.13"
)
def test_the_test_that_leaks_a_connection_is_the_one_that_fails(pytester: pytest.Pytester):
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_leaks=LEAKING_TESTS)
    result = pytester.runpytest_subprocess(
        "-W", "error", "-p", "no:cacheprovider", "-p", "no:xdist"
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_leaves_a_connection_open*"])
