"""Saved CV variants: a named selection over one portfolio, never a copy of its data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.models.base import Base, CvItemState, TimestampMixin
from portfolio.models.types import enum_column


class CvVariant(TimestampMixin, Base):
    __tablename__ = "cv_variant"
    __table_args__ = (UniqueConstraint("learner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learner.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    template: Mapped[str] = mapped_column(String(50), default="classic")
    page_size: Mapped[str] = mapped_column(String(10), default="letter")
    target_role_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_role.id", ondelete="SET NULL")
    )
    # Skill ids that lead the Skills section, in order.
    focus_skill_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Renderer options such as {"qr_codes": true, "show_levels": false}.
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[CvVariantItem]] = relationship(
        back_populates="variant",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CvVariantItem.position",
    )


class CvVariantItem(Base):
    """Pin, hide or order one credential, experience or skill in a variant."""

    __tablename__ = "cv_variant_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("cv_variant.id", ondelete="CASCADE"), index=True
    )
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), index=True
    )
    experience_id: Mapped[int | None] = mapped_column(
        ForeignKey("experience.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[CvItemState] = enum_column(CvItemState, default=CvItemState.AUTO)
    position: Mapped[int] = mapped_column(Integer, default=0)

    variant: Mapped[CvVariant] = relationship(back_populates="items")
