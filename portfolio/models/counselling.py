"""Counselling sessions: dated notes and agreed actions, private to the portfolio."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from portfolio.models.base import Base, TimestampMixin


class SessionNote(TimestampMixin, Base):
    __tablename__ = "session_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text, default="")


class SessionAction(TimestampMixin, Base):
    __tablename__ = "session_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_note.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
