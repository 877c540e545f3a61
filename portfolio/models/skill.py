"""Skills and the association objects that tie them, with a level and evidence, to records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.base import Base, SkillLevel, SkillSource, TimestampMixin
from portfolio.models.types import enum_column

if TYPE_CHECKING:
    from portfolio.models.credential import Credential
    from portfolio.models.experience import Experience
    from portfolio.models.learner import Learner


class Skill(TimestampMixin, Base):
    """A skill from the built-in taxonomy, ESCO, an import, or typed by the user."""

    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    # Case-, accent- and space-folded label, used to prevent duplicates and to search.
    label_key: Mapped[str] = mapped_column(String(300), index=True)
    category: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    alt_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Stable key of a built-in taxonomy skill ("branding"); None for others.
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Framework URI (ESCO conceptUri, or an alignment target's URL); None for custom skills.
    uri: Mapped[str | None] = mapped_column(String(500), unique=True)
    source: Mapped[SkillSource] = enum_column(SkillSource, default=SkillSource.CUSTOM)


class CredentialSkill(Base):
    __tablename__ = "credential_skill"

    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[SkillLevel] = enum_column(SkillLevel, default=SkillLevel.WORKING)
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    # "manual", "suggested", "alignment" (from a badge), "import".
    source: Mapped[str] = mapped_column(String(32), default="manual")
    position: Mapped[int] = mapped_column(Integer, default=0)

    credential: Mapped[Credential] = relationship(back_populates="skill_links")
    skill: Mapped[Skill] = relationship()


class ExperienceSkill(Base):
    __tablename__ = "experience_skill"

    experience_id: Mapped[int] = mapped_column(
        ForeignKey("experience.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[SkillLevel] = enum_column(SkillLevel, default=SkillLevel.WORKING)
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(32), default="manual")
    position: Mapped[int] = mapped_column(Integer, default=0)

    experience: Mapped[Experience] = relationship(back_populates="skill_links")
    skill: Mapped[Skill] = relationship()


class LearnerSkill(Base):
    """A skill the learner claims directly, with no credential or experience behind it (yet)."""

    __tablename__ = "learner_skill"

    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[SkillLevel] = enum_column(SkillLevel, default=SkillLevel.WORKING)
    note: Mapped[str] = mapped_column(Text, default="")

    learner: Mapped[Learner] = relationship()
    skill: Mapped[Skill] = relationship()
