"""Undoable mutations: each command calls services in one transaction and says what changed.

A command is pushed after its first run succeeded (the editor saved it), so a validation error
never lands on the undo stack. Deleting and re-creating gives a record a new id; `IdMap` keeps
older commands pointing at the live record. The commands of the Sessions, Goals, CV and Skills
pages build on `_PageCommand` in `commands_sessions.py`, `commands_goals.py`, `commands_cv.py` and
`commands_skills.py`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand

from portfolio.errors import UserError
from portfolio.services import credentials, experience, learners
from portfolio.services.records import Changed, Kind
from portfolio.ui.context import UiContext

log = logging.getLogger(__name__)


class IdMap:
    """Original id -> current id of records re-created by undoing a deletion."""

    def __init__(self) -> None:
        self._alias: dict[tuple[str, int], int] = {}

    def resolve(self, kind: str, item_id: int | None) -> int | None:
        seen = 0
        while item_id is not None and (kind, item_id) in self._alias and seen < 1000:
            item_id = self._alias[(kind, item_id)]
            seen += 1
        return item_id

    def alias(self, kind: str, old: int, new: int) -> None:
        if old != new:
            self._alias[(kind, old)] = new


def id_map(ctx: UiContext) -> IdMap:
    """The id map that lives with the undo stack (one per window)."""
    found = getattr(ctx.undo_stack, "_portfolio_id_map", None)
    if found is None:
        found = IdMap()
        ctx.undo_stack._portfolio_id_map = found  # type: ignore[attr-defined]
    return found


def reset_id_map(ctx: UiContext) -> None:
    """Forget every alias: after a restore the ids belong to another file, where an old alias
    would send a restored record's id to an unrelated one."""
    ctx.undo_stack._portfolio_id_map = IdMap()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class RecordKind:
    """How to create, update, delete and re-read one kind of learner record."""

    name: Kind  # also the id-map key of its records
    noun: str
    create: Callable[[Any, int, Any], int]
    update: Callable[[Any, int, Any], None]
    delete: Callable[[Any, int], Any]
    get: Callable[[Any, int], Any]


CREDENTIAL = RecordKind(
    Kind.CREDENTIAL,
    "credential",
    credentials.create_credential,
    credentials.update_credential,
    credentials.delete_credential,
    credentials.get_credential,
)
EXPERIENCE = RecordKind(
    Kind.EXPERIENCE,
    "experience",
    experience.create_experience,
    experience.update_experience,
    experience.delete_experience,
    experience.get_experience,
)


class _Command(QUndoCommand):
    def __init__(self, ctx: UiContext, text: str, learner_id: int, kinds: set[Kind]) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.learner_id = learner_id
        self.kinds = frozenset(kinds)
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by the editor before the push
            self._first = False
            self._announce(f"Saved: {self.text()}")
            return
        self._run(self.do, f"Redone: {self.text()}")

    def undo(self) -> None:
        self._run(self.undo_it, f"Undone: {self.text()}")

    def _run(self, fn: Callable[[Any], None], message: str) -> None:
        try:
            with self.ctx.database.session() as session:
                fn(session)
        except UserError as exc:
            self.ctx.bus.status.emit(str(exc))
            log.warning("undo/redo could not be applied: %s", exc)
        self._announce(message)

    def _announce(self, message: str) -> None:
        self.ctx.bus.changed.emit(Changed(self.learner_id, self.kinds))
        self.ctx.bus.status.emit(message)

    def do(self, session: Any) -> None:
        raise NotImplementedError

    def undo_it(self, session: Any) -> None:
        raise NotImplementedError

    def _fix_refs(self, data: Any) -> Any:
        ref = getattr(data, "stacks_into_id", None)
        if ref is not None:
            data = dataclasses.replace(
                data, stacks_into_id=id_map(self.ctx).resolve("credential", ref)
            )
        return data


def _short(text: str, limit: int = 40) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _PageCommand(_Command):
    def _id(self, kind: str, item_id: int) -> int:
        current = id_map(self.ctx).resolve(kind, item_id)
        assert current is not None
        return current

    def _alias(self, kind: str, old: int, new: int) -> None:
        id_map(self.ctx).alias(kind, self._id(kind, old), new)


class AddRecord(_Command):
    def __init__(
        self, ctx: UiContext, kind: RecordKind, learner_id: int, data: Any, new_id: int
    ) -> None:
        super().__init__(ctx, f"Add {kind.noun} “{data.title}”", learner_id, {kind.name})
        self.kind, self.data, self.original_id = kind, data, new_id

    def do(self, session: Any) -> None:
        new = self.kind.create(session, self.learner_id, self._fix_refs(self.data))
        id_map(self.ctx).alias(self.kind.name, self.original_id, new)

    def undo_it(self, session: Any) -> None:
        current = id_map(self.ctx).resolve(self.kind.name, self.original_id)
        assert current is not None
        self.kind.delete(session, current)


class EditRecord(_Command):
    def __init__(
        self,
        ctx: UiContext,
        kind: RecordKind,
        learner_id: int,
        item_id: int,
        before: Any,
        after: Any,
    ) -> None:
        super().__init__(ctx, f"Edit {kind.noun} “{after.title}”", learner_id, {kind.name})
        self.kind, self.item_id, self.before, self.after = kind, item_id, before, after

    def _apply(self, session: Any, data: Any) -> None:
        current = id_map(self.ctx).resolve(self.kind.name, self.item_id)
        assert current is not None
        self.kind.update(session, current, self._fix_refs(data))

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class DeleteRecord(_Command):
    """Deletes a record; undo re-creates it and re-attaches what stacked into it."""

    def __init__(
        self,
        ctx: UiContext,
        kind: RecordKind,
        learner_id: int,
        record: Any,
        stacked_ids: tuple[int, ...] = (),
    ) -> None:
        super().__init__(ctx, f"Delete {kind.noun} “{record.title}”", learner_id, {kind.name})
        self.kind, self.record, self.stacked_ids = kind, record, stacked_ids

    def do(self, session: Any) -> None:
        current = id_map(self.ctx).resolve(self.kind.name, self.record.id)
        assert current is not None
        self.kind.delete(session, current)

    def undo_it(self, session: Any) -> None:
        ids = id_map(self.ctx)
        old = ids.resolve(self.kind.name, self.record.id)
        new = self.kind.create(session, self.learner_id, self._fix_refs(self.record.to_input()))
        assert old is not None
        ids.alias(self.kind.name, old, new)
        for child in self.stacked_ids:
            child_id = ids.resolve(self.kind.name, child)
            if child_id is None:
                continue
            data = self.kind.get(session, child_id).to_input()
            self.kind.update(session, child_id, dataclasses.replace(data, stacks_into_id=new))


class EditLearner(_Command):
    def __init__(self, ctx: UiContext, learner_id: int, before: Any, after: Any) -> None:
        super().__init__(ctx, "Edit profile", learner_id, {Kind.LEARNER})
        self.before, self.after = before, after

    def do(self, session: Any) -> None:
        learners.update_learner(session, self.learner_id, self.after)

    def undo_it(self, session: Any) -> None:
        learners.update_learner(session, self.learner_id, self.before)


def delete_record(ctx: UiContext, kind: RecordKind, learner_id: int, item_id: int) -> None:
    """Delete now (one transaction) and push the undoable command."""
    with ctx.database.session() as session:
        stacked: tuple[int, ...] = ()
        if kind is CREDENTIAL:
            stacked = tuple(
                row.id
                for row in credentials.list_credentials(session, learner_id)
                if row.stacks_into_id == item_id
            )
        record = kind.delete(session, item_id)
    ctx.undo_stack.push(DeleteRecord(ctx, kind, learner_id, record, stacked))


def save_record(
    ctx: UiContext, kind: RecordKind, learner_id: int, item_id: int | None, before: Any, data: Any
) -> int:
    """Create or update now (raises ValidationError, nothing pushed) and push the command."""
    with ctx.database.session() as session:
        if item_id is None:
            new_id = kind.create(session, learner_id, data)
        else:
            kind.update(session, item_id, data)
            new_id = item_id
    if item_id is None:
        ctx.undo_stack.push(AddRecord(ctx, kind, learner_id, data, new_id))
    else:
        ctx.undo_stack.push(EditRecord(ctx, kind, learner_id, item_id, before, data))
    return new_id
