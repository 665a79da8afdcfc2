"""The history table: a record's audit trail, who changed what and when."""

from __future__ import annotations

from typing import Any, Final

from trochtrack.services.audit import AuditAction, AuditEvent
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import humanise_key, value_in_words
from trochtrack.wording.dates import long_date

# Bookkeeping columns of the audit trail that say nothing to a clinician.
_HIDDEN_AUDIT_KEYS: Final = frozenset(
    {"id", "episode_id", "patient_id", "explicit_nulls", "search_key", "created_at", "updated_at"}
)


ACTION_WORDS: Final[dict[AuditAction, str]] = {
    AuditAction.INSERT: "recorded",
    AuditAction.UPDATE: "changed",
    AuditAction.DELETE: "deleted",
    AuditAction.RESTORE: "restored",
    AuditAction.EXPORT: "exported",
}


def change_summary(event: AuditEvent) -> str:
    """What an audited change did, a line per field (a note keeps its own full stop)."""
    before = event.before or {}
    after = event.after or {}
    keys = [k for k in sorted({*before, *after}) if k not in _HIDDEN_AUDIT_KEYS]
    if event.before is None:
        return "\n".join(
            f"{humanise_key(k)}: {_shown(after.get(k))}" for k in keys if after.get(k) is not None
        )
    if event.after is None:
        return "deleted"
    return "\n".join(
        f"{humanise_key(k)}: {_shown(before.get(k))} → {_shown(after.get(k))}" for k in keys
    )


def _shown(value: Any) -> str:
    return "empty" if value is None or value == "" else value_in_words(value)


def _when(event: AuditEvent) -> str:
    local = event.recorded_at.astimezone()
    return f"{long_date(local.date())} {local:%H:%M}"


class HistoryTableModel(RowTableModel[AuditEvent]):
    """A record's audit trail: who changed what, and when."""

    columns = (
        Column("When", _when, sort_key=lambda e: e.recorded_at),
        Column("Who", lambda e: e.actor or "not recorded"),
        Column("Action", lambda e: ACTION_WORDS[e.action]),
        Column("Change", change_summary, tooltip=change_summary),
    )
