"""The package keeps modules under 450 lines and functions under 60.

A module may hold a longer function only when its docstring says why (the phrase
below), as the Alembic revisions do: a revision is history and is never split.
"""

import ast
from pathlib import Path

import trochtrack

PACKAGE = Path(trochtrack.__file__).parent
MODULE_LINES = 450
FUNCTION_LINES = 60
STATED_EXCEPTION = "longer than the project's 60-line limit on purpose"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_450_lines():
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines_unless_its_module_says_why():
    long = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stated = STATED_EXCEPTION in " ".join((ast.get_docstring(tree) or "").split())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES and not stated:
                    long.append(f"{path.relative_to(PACKAGE)}::{node.name} ({lines} lines)")
    assert long == []
