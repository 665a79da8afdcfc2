"""Alembic run by hand on a test database: up (or down) to one revision, as a release did."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from trochtrack.paths import AppPaths
from trochtrack.store.db import alembic_config, make_engine


def migrate(app_paths: AppPaths, *revisions: str, down: bool = False) -> None:
    """Upgrade (or with ``down``, downgrade) the database to each of ``revisions`` in turn."""
    engine = make_engine(sa.make_url(app_paths.database_url()))
    config = alembic_config()
    step = command.downgrade if down else command.upgrade
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        for revision in revisions:
            step(config, revision)
    engine.dispose()
