"""Work, volunteer, internship and project experience."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.dates import PartialDate
from portfolio.models.base import Base, ExperienceKind, PartialDateType, TimestampMixin
from portfolio.models.types import enum_column

if TYPE_CHECKING:
    from portfolio.models.learner import Learner, Organization
    from portfolio.models.skill import ExperienceSkill


class Experience(TimestampMixin, Base):
    __tablename__ = "experience"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ExperienceKind] = enum_column(ExperienceKind, default=ExperienceKind.WORK)
    title: Mapped[str] = mapped_column(Text)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    location: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    # None with `current` true means "to present".
    end_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    current: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    highlights: Mapped[list[str]] = mapped_column(JSON, default=list)
    url: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(32), default="manual")
    position: Mapped[int] = mapped_column(Integer, default=0)

    learner: Mapped[Learner] = relationship(back_populates="experiences")
    organization: Mapped[Organization | None] = relationship()
    skill_links: Mapped[list[ExperienceSkill]] = relationship(
        back_populates="experience", cascade="all, delete-orphan", passive_deletes=True
    )
