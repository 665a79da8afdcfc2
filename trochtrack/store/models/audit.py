"""The audit trail: one hash-chained event per change, and the chain's head."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from trochtrack.store.models.base import STRICT, Base, one_of


class AuditAction(StrEnum):
    """What an audit event records."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    EXPORT = "export"


class AuditEventRow(Base):
    """One change to clinical data, hash-chained to the one before it. Append-only."""

    __tablename__ = "audit_event"
    __table_args__ = (
        one_of("action", AuditAction, "action_known"),
        sa.Index(None, "table_name", "row_key"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recorded_at: Mapped[datetime]
    actor: Mapped[str | None]
    table_name: Mapped[str]
    row_key: Mapped[str]
    action: Mapped[str]
    before_json: Mapped[str | None]
    after_json: Mapped[str | None]
    previous_hash: Mapped[str]
    hash: Mapped[str] = mapped_column(unique=True)


class AuditHeadRow(Base):
    """The newest audit hash: one row, locked by every writer so the chain cannot fork."""

    __tablename__ = "audit_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"), STRICT)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int]
    last_hash: Mapped[str]
    mac: Mapped[str | None]
    """HMAC-SHA256 of the head with the workstation's audit key (see store.audit_anchor)."""
