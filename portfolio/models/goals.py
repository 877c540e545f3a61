"""Target roles, the program catalog, and stackable pathways."""

from __future__ import annotations

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.base import (
    Base,
    CredentialKind,
    CreditUnit,
    DeliveryMode,
    Importance,
    PathwayRule,
    SkillLevel,
    SkillSource,
    TimestampMixin,
)
from portfolio.models.skill import Skill
from portfolio.models.types import enum_column


class TargetRole(TimestampMixin, Base):
    __tablename__ = "target_role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    source: Mapped[SkillSource] = enum_column(SkillSource, default=SkillSource.CUSTOM)

    skills: Mapped[list[RoleSkill]] = relationship(
        back_populates="role", cascade="all, delete-orphan", passive_deletes=True
    )


class RoleSkill(Base):
    __tablename__ = "role_skill"

    role_id: Mapped[int] = mapped_column(
        ForeignKey("target_role.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    importance: Mapped[Importance] = enum_column(Importance, default=Importance.ESSENTIAL)
    min_level: Mapped[SkillLevel] = enum_column(SkillLevel, default=SkillLevel.WORKING)

    role: Mapped[TargetRole] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class LearnerTargetRole(Base):
    __tablename__ = "learner_target_role"

    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(
        ForeignKey("target_role.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Program(TimestampMixin, Base):
    """A program a learner could take: bootcamp, micro-credential, MicroMasters, course..."""

    __tablename__ = "program"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)
    url: Mapped[str] = mapped_column(Text, default="")
    duration_text: Mapped[str] = mapped_column(String(200), default="")
    duration_weeks: Mapped[float | None] = mapped_column(Float)
    delivery_mode: Mapped[DeliveryMode | None] = enum_column(DeliveryMode, nullable=True)
    credential_kind: Mapped[CredentialKind | None] = enum_column(CredentialKind, nullable=True)
    credit_value: Mapped[float | None] = mapped_column(Float)
    credit_unit: Mapped[CreditUnit | None] = enum_column(CreditUnit, nullable=True)
    stacks_toward: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[SkillSource] = enum_column(SkillSource, default=SkillSource.CUSTOM)

    skills: Mapped[list[ProgramSkill]] = relationship(
        back_populates="program", cascade="all, delete-orphan", passive_deletes=True
    )


class ProgramSkill(Base):
    __tablename__ = "program_skill"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[SkillLevel] = enum_column(SkillLevel, default=SkillLevel.WORKING)

    program: Mapped[Program] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class Pathway(TimestampMixin, Base):
    """A target credential and the rule to reach it (N credits, all of, counts toward)."""

    __tablename__ = "pathway"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    rule: Mapped[PathwayRule] = enum_column(PathwayRule, default=PathwayRule.CREDITS)
    target_credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="SET NULL")
    )
    target_title: Mapped[str] = mapped_column(Text, default="")
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id", ondelete="SET NULL"))
    credits_required: Mapped[float | None] = mapped_column(Float)
    credit_unit: Mapped[CreditUnit | None] = enum_column(CreditUnit, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[PathwayItem]] = relationship(
        back_populates="pathway",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PathwayItem.position",
    )


class PathwayItem(Base):
    """One counted item: an earned credential, or a planned one not yet in the portfolio."""

    __tablename__ = "pathway_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(
        ForeignKey("pathway.id", ondelete="CASCADE"), index=True
    )
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), index=True
    )
    planned_title: Mapped[str] = mapped_column(Text, default="")
    credit_value: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)

    pathway: Mapped[Pathway] = relationship(back_populates="items")
