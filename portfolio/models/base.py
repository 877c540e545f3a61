"""Declarative base, shared column types and the enums stored in the database."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, func
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from portfolio.dates import PartialDate

# Stable constraint names keep Alembic batch migrations (table copies on SQLite) deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PartialDateType(TypeDecorator[PartialDate]):
    """Stores a PartialDate as reduced-precision ISO 8601 text, which sorts as a date."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | None, dialect: Dialect) -> str | None:
        return None if value is None else value.iso()

    def process_result_value(self, value: Any, dialect: Dialect) -> PartialDate | None:
        return None if value is None else PartialDate.parse(str(value))


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class OrgKind(StrEnum):
    UNIVERSITY = "university"
    COLLEGE = "college"
    POLYTECHNIC = "polytechnic"
    NONPROFIT = "nonprofit"
    EMPLOYER = "employer"
    MOOC_PLATFORM = "mooc_platform"
    VENDOR = "vendor"
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    OTHER = "other"


class CredentialKind(StrEnum):
    DEGREE = "degree"
    DIPLOMA = "diploma"
    CERTIFICATE = "certificate"
    BOOTCAMP = "bootcamp"
    MICRO_CREDENTIAL = "micro_credential"
    DIGITAL_BADGE = "digital_badge"
    MOOC = "mooc"
    PROGRAM = "program"
    COURSE = "course"
    PROFESSIONAL_CERTIFICATION = "professional_certification"
    LICENCE = "licence"


class CredentialStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"


class CreditUnit(StrEnum):
    CREDITS = "credits"
    ECTS = "ects"
    CEU = "ceu"
    HOURS = "hours"


class DurationUnit(StrEnum):
    HOURS = "hours"
    WEEKS = "weeks"


class AssessmentType(StrEnum):
    NONE = "none"
    EXAM = "exam"
    PROJECT = "project"
    PORTFOLIO = "portfolio"
    ASSIGNMENTS = "assignments"
    PRACTICAL = "practical"
    OTHER = "other"


class DeliveryMode(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"


class ExperienceKind(StrEnum):
    WORK = "work"
    VOLUNTEER = "volunteer"
    INTERNSHIP = "internship"
    PROJECT = "project"


class SkillLevel(StrEnum):
    """Ordered from weakest to strongest; `rank` compares them."""

    AWARENESS = "awareness"
    WORKING = "working"
    PROFICIENT = "proficient"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return list(SkillLevel).index(self) + 1


class SkillSource(StrEnum):
    BUILTIN = "builtin"
    ESCO = "esco"
    CUSTOM = "custom"
    IMPORTED = "imported"


class Importance(StrEnum):
    ESSENTIAL = "essential"
    OPTIONAL = "optional"


class VerificationStatus(StrEnum):
    NOT_VERIFIED = "not_verified"
    STRUCTURE_VALID = "structure_valid"
    SIGNATURE_VALID = "signature_valid"
    SIGNATURE_INVALID = "signature_invalid"
    INVALID = "invalid"


class PathwayRule(StrEnum):
    CREDITS = "credits"  # N credits from the listed items
    ALL_OF = "all_of"  # every listed item
    COUNTS_TOWARD = "counts_toward"  # items recognised toward a program (e.g. MicroMasters -> MBA)


class CvItemState(StrEnum):
    PINNED = "pinned"
    HIDDEN = "hidden"
    AUTO = "auto"
