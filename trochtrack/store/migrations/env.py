"""Alembic environment: migrations run from code on a connection the app hands over.

The whole upgrade runs in one transaction (SQLite supports transactional DDL once the
driver's legacy transaction handling is off, see ``trochtrack.store.db``): a crash at any
point leaves the database exactly at the schema it had before, never between revisions.
"""

from alembic import context

from trochtrack.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
    transactional_ddl=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
