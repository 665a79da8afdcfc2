"""The history table: a record's audit trail, who changed what and when."""

from __future__ import annotations

from typing import Any, Final

from trochtrack.services.audit import AuditEvent
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import humanise_key

# Bookkeeping columns of the audit trail that say nothing to a clinician.
_HIDDEN_AUDIT_KEYS: Final = frozenset(
    {"id", "episode_id", "patient_id", "explicit_nulls", "search_key", "created_at", "updated_at"}
)


def change_summary(event: AuditEvent) -> str:
    """What an audited change did, field by field."""
    before = event.before or {}
    after = event.after or {}
    keys = [k for k in sorted({*before, *after}) if k not in _HIDDEN_AUDIT_KEYS]
    if event.before is None:
        return "; ".join(
            f"{humanise_key(k)}: {_shown(after.get(k))}" for k in keys if after.get(k) is not None
        )
    if event.after is None:
        return "deleted"
    return "; ".join(
        f"{humanise_key(k)}: {_shown(before.get(k))} → {_shown(after.get(k))}" for k in keys
    )


def _shown(value: Any) -> str:
    return "empty" if value is None or value == "" else str(value)


class HistoryTableModel(RowTableModel[AuditEvent]):
    """A record's audit trail: who changed what, and when."""

    columns = (
        Column(
            "When",
            lambda e: e.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            sort_key=lambda e: e.recorded_at,
        ),
        Column("Who", lambda e: e.actor or "unknown"),
        Column("Action", lambda e: e.action.value),
        Column("Change", change_summary, tooltip=change_summary),
    )
