"""A visit's questionnaires: one row per form, one per answer, the total stored beside them.

The database checks what it can without the instrument definitions (known instruments,
a score's type, an activity's length); the domain checks each score against its item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trochtrack.domain.measures.instruments import STORED_CODES
from trochtrack.domain.measures.questionnaires import ACTIVITY_MAX_LENGTH
from trochtrack.store.models.base import STRICT, Base, max_length

if TYPE_CHECKING:
    from trochtrack.store.models.records import VisitRow

_KNOWN = ", ".join(f"'{code}'" for code in STORED_CODES)


class QuestionnaireRow(Base):
    __tablename__ = "questionnaire"
    __table_args__ = (
        sa.UniqueConstraint("visit_id", "instrument"),
        sa.CheckConstraint(f"instrument IN ({_KNOWN})", name="instrument_known"),
        STRICT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id", ondelete="CASCADE"))
    instrument: Mapped[str]
    # The score when the form was saved; None when the form gives no total.
    total: Mapped[float | None]

    visit: Mapped[VisitRow] = relationship(back_populates="questionnaires")
    answers: Mapped[list[QuestionnaireAnswerRow]] = relationship(
        back_populates="questionnaire",
        cascade="all, delete-orphan",
        order_by="QuestionnaireAnswerRow.position",
    )


class QuestionnaireAnswerRow(Base):
    __tablename__ = "questionnaire_answer"
    __table_args__ = (
        sa.CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        max_length("activity", ACTIVITY_MAX_LENGTH, "activity_length"),
        STRICT,
    )

    questionnaire_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questionnaire.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    score: Mapped[int | None]
    activity: Mapped[str | None]

    questionnaire: Mapped[QuestionnaireRow] = relationship(back_populates="answers")
