"""The schema revisions this installation carries, known without importing Alembic.

Every migration file is named after its revision (``0014_patient_merges.py`` holds
revision ``0014``, each numbered after the one it upgrades), so the list of revisions is
a listing of the versions folder. Opening a database that is already at the head then
needs neither Alembic nor its fourteen scripts (about 0.4 s of every CLI command and of
every start on this machine); Alembic is loaded only to upgrade.
``tests/integration/store/test_migrations.py`` holds the listing to Alembic's own.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from trochtrack.store.errors import MigrationError


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision id, oldest first."""
    versions = files("trochtrack.store.migrations") / "versions"
    return tuple(
        sorted(
            entry.name[:4]
            for entry in versions.iterdir()
            if entry.name.endswith(".py") and entry.name[:4].isdigit() and entry.name[4] == "_"
        )
    )


def head_revision() -> str:
    """The revision a database must be at for this version of trochtrack."""
    known = known_revisions()
    if not known:
        raise MigrationError("the migration scripts are missing from this installation")
    return known[-1]
