"""The clinic's settings, stored as JSON under a key."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from trochtrack.store.models import (
    SettingRow,
)


class SettingsRepository:
    """Clinic-wide settings as JSON values under text keys."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str) -> Any:
        row = self._session.get(SettingRow, key)
        return None if row is None else json.loads(row.value)

    def put(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        row = self._session.get(SettingRow, key)
        if row is None:
            self._session.add(SettingRow(key=key, value=text))
        else:
            row.value = text
