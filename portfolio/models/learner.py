"""Learner, organizations, and the learner's languages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.base import Base, OrgKind, TimestampMixin
from portfolio.models.types import enum_column

if TYPE_CHECKING:
    from portfolio.models.credential import Credential
    from portfolio.models.experience import Experience


class Learner(TimestampMixin, Base):
    __tablename__ = "learner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    headline: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(Text, default="")
    # [{"label": "LinkedIn", "url": "https://..."}]; order kept as entered.
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    cv_language: Mapped[str] = mapped_column(String(16), default="en")

    credentials: Mapped[list[Credential]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    experiences: Mapped[list[Experience]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    languages: Mapped[list[LearnerLanguage]] = relationship(
        back_populates="learner",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LearnerLanguage.position",
    )


class LearnerLanguage(Base):
    __tablename__ = "learner_language"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(100))
    fluency: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    learner: Mapped[Learner] = relationship(back_populates="languages")


class Organization(TimestampMixin, Base):
    """An issuer, institution or employer, shared between learners."""

    __tablename__ = "organization"
    __table_args__ = (UniqueConstraint("name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # Case- and space-folded name so "SFU" and "sfu " are one organization.
    name_key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[OrgKind] = enum_column(OrgKind, default=OrgKind.OTHER)
    url: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
