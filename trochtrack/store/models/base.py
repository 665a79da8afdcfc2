"""The declarative base and the checks every table is built from.

Ranges, vocabularies, NOT NULL and foreign keys are enforced by the database as well as
by the domain, so a value that bypasses the app (a script, a bug) is refused too. On
SQLite the tables are STRICT, which also refuses a value of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from trochtrack.domain.values import MAX_DIAMETER_MM
from trochtrack.store.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STRICT: dict[str, Any] = {"sqlite_strict": True}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: sa.Text(),
        date: sa.Date(),
        datetime: UtcDateTime(),
        float: sa.Double(),
    }


def one_of(column: str, values: Iterable[StrEnum], name: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value.value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


def in_range(column: str, low: float, high: float, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=name)


def max_length(column: str, limit: int, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) <= {limit}", name=name)


def real_date(column: str, name: str) -> sa.CheckConstraint:
    """On SQLite a date is text: refuse anything that is not a real ISO date.

    ``date(x, '+0 days')`` normalises (2026-02-30 becomes 2026-03-02), so only a real
    date equals itself. PostgreSQL's DATE type needs no such check.
    """
    check = sa.CheckConstraint(
        f"{column} IS NULL OR date({column}, '+0 days') IS {column}", name=name
    )
    return check.ddl_if(dialect="sqlite")


def flag(column: str, name: str) -> sa.CheckConstraint:
    """A nullable true/false column holds 0 or 1 (SQLite stores booleans as integers).

    PostgreSQL's BOOLEAN holds nothing else already.
    """
    check = sa.CheckConstraint(f"{column} IS NULL OR {column} IN (0, 1)", name=name)
    return check.ddl_if(dialect="sqlite")


def diameter(column: str, name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} > 0 AND {column} <= {MAX_DIAMETER_MM}", name=name)
