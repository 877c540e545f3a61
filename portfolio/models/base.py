"""Declarative base, shared column types, and (re-exported) the enums stored in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, func
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from portfolio.dates import PartialDate

# The enums stored in the database live in portfolio.enums (no SQLAlchemy), so records,
# validation and the UI can use them without loading the ORM; they are re-exported here.
from portfolio.enums import (
    AssessmentType,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    CvItemState,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    Importance,
    OrgKind,
    PathwayRule,
    SkillLevel,
    SkillSource,
    VerificationStatus,
)

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


__all__ = [
    "NAMING_CONVENTION",
    "AssessmentType",
    "Base",
    "CredentialKind",
    "CredentialStatus",
    "CreditUnit",
    "CvItemState",
    "DeliveryMode",
    "DurationUnit",
    "ExperienceKind",
    "Importance",
    "OrgKind",
    "PartialDateType",
    "PathwayRule",
    "SkillLevel",
    "SkillSource",
    "TimestampMixin",
    "VerificationStatus",
    "utcnow",
]
