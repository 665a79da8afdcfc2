"""Search keys without punctuation: "obrien" finds O'Brien.

Every patient's stored search key is folded again, the way
:func:`trochtrack.domain.search.fold` folds from this revision on (punctuation removed
as well as accents and case). The fold is written out here as it was at this revision:
a revision is history, and the app's own fold may change again with a revision of its
own. The key is derived data: nothing a user typed changes, and it is not audited.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import unicodedata
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BASE_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)


def _fold(text: str, *, drop_punctuation: bool) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    stripped = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char)
        and not (drop_punctuation and unicodedata.category(char).startswith("P"))
    )
    return " ".join(stripped.casefold().split())


def _key(row: Sequence[object], *, drop_punctuation: bool) -> str:
    given, family, ref = str(row[1]), str(row[2]), str(row[3])
    born = date.fromisoformat(str(row[4]))
    text = f"{given} {family} {ref} {born.isoformat()} {born:%d/%m/%Y} {born:%d.%m.%Y}"
    return _fold(text, drop_punctuation=drop_punctuation)


def _refold(*, drop_punctuation: bool) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, given_name, family_name, ref, date_of_birth FROM patient")
    ).all()
    update = sa.text("UPDATE patient SET search_key = :key WHERE id = :id")
    for row in rows:
        key = _key(tuple(row), drop_punctuation=drop_punctuation)
        bind.execute(update, {"id": row[0], "key": key})


def upgrade() -> None:
    _refold(drop_punctuation=True)


def downgrade() -> None:
    _refold(drop_punctuation=False)
