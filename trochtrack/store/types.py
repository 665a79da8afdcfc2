"""Column types that mean the same on SQLite STRICT tables and on PostgreSQL.

SQLite STRICT tables accept only INTEGER, REAL, TEXT, BLOB and ANY as declared types, and
refuse a value of the wrong type (``'8,5'`` in a REAL column) instead of storing it as text.
SQLAlchemy's generic types render names such as DATE or VARCHAR, so on SQLite they are
rendered as the storage class that holds them; PostgreSQL keeps its native types.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import TypeCompiler


@compiles(sa.Date, "sqlite")
@compiles(sa.DateTime, "sqlite")
@compiles(sa.String, "sqlite")
def _sqlite_text(type_: Any, compiler: TypeCompiler, **kw: Any) -> str:
    return "TEXT"


@compiles(sa.Boolean, "sqlite")
def _sqlite_integer(type_: Any, compiler: TypeCompiler, **kw: Any) -> str:
    return "INTEGER"


@compiles(sa.LargeBinary, "sqlite")
def _sqlite_blob(type_: Any, compiler: TypeCompiler, **kw: Any) -> str:
    return "BLOB"


@compiles(sa.Double, "sqlite")
def _sqlite_real(type_: Any, compiler: TypeCompiler, **kw: Any) -> str:
    return "REAL"


class UtcDateTime(sa.TypeDecorator[datetime]):
    """An instant in UTC: aware datetimes in and out, whatever the database keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
