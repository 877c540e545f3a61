"""Column helpers."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Enum
from sqlalchemy.orm import MappedColumn, mapped_column

E = TypeVar("E", bound=StrEnum)


def enum_column(enum: type[E], **kwargs: Any) -> MappedColumn[Any]:
    """A StrEnum stored as its value in a VARCHAR, without a CHECK constraint.

    No CHECK constraint, so adding a member later needs no table rebuild; the ORM still refuses
    unknown values on load and on write.
    """
    return mapped_column(
        Enum(
            enum,
            native_enum=False,
            create_constraint=False,
            length=32,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        **kwargs,
    )
