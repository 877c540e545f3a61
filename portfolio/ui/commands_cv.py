"""Undoable mutations of the CV page: saved CV variants.

Each public function does the user's action now, in one transaction, and pushes its command
only once that succeeded; undo and redo each run one transaction (see `commands.py`).
A duplicate variant name never reaches the undo stack. Variants re-created by undoing go
through the window's `IdMap` under the kind "cv_variant"; the credentials, experience and role
a variant points at are followed there too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from portfolio.services import cv_variants
from portfolio.services.records import Kind
from portfolio.ui.commands import _PageCommand, id_map
from portfolio.ui.context import UiContext

CV = {Kind.CV_VARIANT}


class _VariantCommand(_PageCommand):
    def _live(self, record: cv_variants.VariantRecord) -> cv_variants.VariantRecord:
        """`record` with the ids of re-created credentials, experience and roles followed."""
        ids = id_map(self.ctx)
        items = tuple(
            dataclasses.replace(item, ref_id=ids.resolve(item.kind, item.ref_id) or item.ref_id)
            for item in record.items
        )
        role = record.target_role_id
        return dataclasses.replace(
            record, items=items, target_role_id=None if role is None else self._id("role", role)
        )


class AddVariant(_VariantCommand):
    def __init__(self, ctx: UiContext, learner_id: int, record: cv_variants.VariantRecord) -> None:
        super().__init__(ctx, f"New CV variant “{record.name}”", learner_id, CV)
        self.record = record

    def do(self, session: Any) -> None:
        new = cv_variants.recreate_variant(session, self.learner_id, self._live(self.record))
        self._alias("cv_variant", self.record.id, new)

    def undo_it(self, session: Any) -> None:
        cv_variants.delete_variant(session, self._id("cv_variant", self.record.id))


class DeleteVariant(AddVariant):
    def __init__(self, ctx: UiContext, learner_id: int, record: cv_variants.VariantRecord) -> None:
        super().__init__(ctx, learner_id, record)
        self.setText(f"Delete CV variant “{record.name}”")

    def do(self, session: Any) -> None:
        super().undo_it(session)

    def undo_it(self, session: Any) -> None:
        super().do(session)


class ChangeVariant(_VariantCommand):
    """Any change to a saved variant (name, template, page size, role, pinned or hidden items):
    undo and redo put back the whole variant as it was before or after."""

    def __init__(
        self,
        ctx: UiContext,
        learner_id: int,
        text: str,
        before: cv_variants.VariantRecord,
        after: cv_variants.VariantRecord,
    ) -> None:
        super().__init__(ctx, text, learner_id, CV)
        self.before, self.after = before, after

    def _apply(self, session: Any, record: cv_variants.VariantRecord) -> None:
        cv_variants.restore_variant(session, self._id("cv_variant", record.id), self._live(record))

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


def create_variant(ctx: UiContext, learner_id: int, data: cv_variants.VariantInput) -> int:
    with ctx.database.session() as session:
        new = cv_variants.create_variant(session, learner_id, data)
        record = cv_variants.get_variant(session, new)
    ctx.undo_stack.push(AddVariant(ctx, learner_id, record))
    return new


def delete_variant(ctx: UiContext, learner_id: int, variant_id: int) -> None:
    with ctx.database.session() as session:
        record = cv_variants.get_variant(session, variant_id)
        cv_variants.delete_variant(session, variant_id)
    ctx.undo_stack.push(DeleteVariant(ctx, learner_id, record))


def change_variant(
    ctx: UiContext,
    learner_id: int,
    variant_id: int,
    text: str,
    change: Callable[[Any], None],
) -> None:
    """Run `change(session)` on a variant now and push it as one undoable step (when it changed
    anything)."""
    with ctx.database.session() as session:
        before = cv_variants.get_variant(session, variant_id)
        change(session)
        after = cv_variants.get_variant(session, variant_id)
    if after != before:
        ctx.undo_stack.push(ChangeVariant(ctx, learner_id, text, before, after))
