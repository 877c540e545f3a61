"""Credentials of every kind, their recognition records and stored source files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.dates import PartialDate
from portfolio.models.base import (
    AssessmentType,
    Base,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    DeliveryMode,
    DurationUnit,
    PartialDateType,
    TimestampMixin,
    VerificationStatus,
)
from portfolio.models.types import enum_column

if TYPE_CHECKING:
    from portfolio.models.learner import Learner, Organization
    from portfolio.models.skill import CredentialSkill


class Credential(TimestampMixin, Base):
    """Degree, diploma, bootcamp, micro-credential, badge, MOOC, course, certification..."""

    __tablename__ = "credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[CredentialKind] = enum_column(CredentialKind)
    issuer_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    field_of_study: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    # Award date for finished credentials, expected end for those in progress.
    end_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    expiry_date: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    status: Mapped[CredentialStatus] = enum_column(
        CredentialStatus, default=CredentialStatus.COMPLETED
    )
    credential_id: Mapped[str] = mapped_column(String(300), default="")
    verification_url: Mapped[str] = mapped_column(Text, default="")
    credit_value: Mapped[float | None] = mapped_column(Float)
    credit_unit: Mapped[CreditUnit | None] = enum_column(CreditUnit, nullable=True)
    duration_value: Mapped[float | None] = mapped_column(Float)
    duration_unit: Mapped[DurationUnit | None] = enum_column(DurationUnit, nullable=True)
    assessment: Mapped[AssessmentType | None] = enum_column(AssessmentType, nullable=True)
    assessment_note: Mapped[str] = mapped_column(Text, default="")
    delivery_mode: Mapped[DeliveryMode | None] = enum_column(DeliveryMode, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    evidence_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    stacks_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="SET NULL"), index=True
    )
    # Where the record came from ("manual", "openbadges", "jsonresume", "linkedin", "csv"...).
    source: Mapped[str] = mapped_column(String(32), default="manual")
    verification_status: Mapped[VerificationStatus] = enum_column(
        VerificationStatus, default=VerificationStatus.NOT_VERIFIED
    )
    verification_note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    learner: Mapped[Learner] = relationship(back_populates="credentials")
    issuer: Mapped[Organization | None] = relationship()
    stacks_into: Mapped[Credential | None] = relationship(
        remote_side="Credential.id", back_populates="stacked"
    )
    stacked: Mapped[list[Credential]] = relationship(back_populates="stacks_into")
    skill_links: Mapped[list[CredentialSkill]] = relationship(
        back_populates="credential", cascade="all, delete-orphan", passive_deletes=True
    )
    recognitions: Mapped[list[Recognition]] = relationship(
        back_populates="credential", cascade="all, delete-orphan", passive_deletes=True
    )
    attachments: Mapped[list[CredentialAttachment]] = relationship(
        back_populates="credential", cascade="all, delete-orphan", passive_deletes=True
    )


class Recognition(Base):
    """Credit for a credential recognised by an institution toward a program (TRU for OERu)."""

    __tablename__ = "recognition"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    program: Mapped[str] = mapped_column(Text, default="")
    credit_value: Mapped[float | None] = mapped_column(Float)
    credit_unit: Mapped[CreditUnit | None] = enum_column(CreditUnit, nullable=True)
    recognized_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    note: Mapped[str] = mapped_column(Text, default="")

    credential: Mapped[Credential] = relationship(back_populates="recognitions")
    institution: Mapped[Organization | None] = relationship()


class CredentialAttachment(TimestampMixin, Base):
    """The original badge image or JSON kept with an imported credential, for provenance."""

    __tablename__ = "credential_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(Text, default="")
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)

    credential: Mapped[Credential] = relationship(back_populates="attachments")
