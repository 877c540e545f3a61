"""Undoable mutations of the Goals page: target roles and the user's own roles.

Each public function does the user's action now, in one transaction, and pushes its command
only once that succeeded; undo and redo each run one transaction (see `commands.py`).
Roles re-created by undoing go through the window's `IdMap` under the kind "role".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portfolio.services import roles
from portfolio.services.goal_records import RoleInput, RoleRecord
from portfolio.services.records import Kind
from portfolio.ui.commands import _Command, _PageCommand, _short
from portfolio.ui.context import UiContext

GOALS = {Kind.GOALS}


class SetTargetRoles(_PageCommand):
    """Replaces a learner's target roles; undo puts the previous list back, in order."""

    def __init__(
        self,
        ctx: UiContext,
        learner_id: int,
        text: str,
        before: tuple[int, ...],
        after: tuple[int, ...],
    ) -> None:
        super().__init__(ctx, text, learner_id, GOALS)
        self.before, self.after = before, after

    def _apply(self, session: Any, ids: Iterable[int]) -> None:
        roles.set_target_roles(session, self.learner_id, [self._id("role", i) for i in ids])

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class NewRole(_PageCommand):
    """Defines a role of one's own and makes it a target of the learner."""

    def __init__(
        self,
        ctx: UiContext,
        learner_id: int,
        role_id: int,
        data: RoleInput,
        targets_before: tuple[int, ...],
    ) -> None:
        super().__init__(ctx, f"New role “{_short(data.name)}”", learner_id, GOALS)
        self.role_id, self.data, self.targets_before = role_id, data, targets_before

    def do(self, session: Any) -> None:
        new = roles.create_role(session, self.data)
        self._alias("role", self.role_id, new)
        roles.set_target_roles(
            session, self.learner_id, [*(self._id("role", i) for i in self.targets_before), new]
        )

    def undo_it(self, session: Any) -> None:
        roles.set_target_roles(
            session, self.learner_id, [self._id("role", i) for i in self.targets_before]
        )
        roles.delete_role(session, self._id("role", self.role_id))


class EditRole(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, before: RoleRecord, after: RoleRecord
    ) -> None:
        super().__init__(ctx, f"Edit role “{_short(after.name)}”", learner_id, GOALS)
        self.before, self.after = before, after

    def _apply(self, session: Any, record: RoleRecord) -> None:
        roles.restore_role(session, self._id("role", record.id), record)

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


def add_target_role(ctx: UiContext, learner_id: int, role_id: int) -> None:
    with ctx.database.session() as session:
        targets = roles.target_roles(session, learner_id)
        before = tuple(r.id for r in targets)
        if role_id in before:
            return
        name = roles.get_role(session, role_id).name
        roles.add_target_role(session, learner_id, role_id)
    ctx.undo_stack.push(
        SetTargetRoles(ctx, learner_id, f"Add target role “{name}”", before, (*before, role_id))
    )


def remove_target_role(ctx: UiContext, learner_id: int, role_id: int) -> None:
    with ctx.database.session() as session:
        before = tuple(r.id for r in roles.target_roles(session, learner_id))
        name = roles.get_role(session, role_id).name
        roles.remove_target_role(session, learner_id, role_id)
    after = tuple(i for i in before if i != role_id)
    ctx.undo_stack.push(
        SetTargetRoles(ctx, learner_id, f"Remove target role “{name}”", before, after)
    )


def save_role(ctx: UiContext, learner_id: int, role_id: int | None, data: RoleInput) -> int:
    """Create a role (a target of the learner from now on) or update one; return its id.

    A refused role raises (ValidationError) and pushes nothing.
    """
    with ctx.database.session() as session:
        if role_id is None:
            targets = tuple(r.id for r in roles.target_roles(session, learner_id))
            new = roles.create_role(session, data)
            roles.add_target_role(session, learner_id, new)
            command: _Command = NewRole(ctx, learner_id, new, data, targets)
        else:
            before = roles.get_role(session, role_id)
            roles.update_role(session, role_id, data)
            new = role_id
            command = EditRole(ctx, learner_id, before, roles.get_role(session, role_id))
    ctx.undo_stack.push(command)
    return new
