"""Alembic environment: migrations run from code on a connection the app hands over.

Each revision runs in its own transaction (SQLite supports transactional DDL once the
driver's legacy transaction handling is off, see ``trochtrack.store.db``), so a revision
killed half-way leaves the database at the previous revision, not half-migrated.
"""

from alembic import context

from trochtrack.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
    transactional_ddl=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
