"""Undoable mutations of the Sessions, Goals, CV and Skills pages (see `commands.py`).

Each public function does the user's action now, in one transaction, and pushes its command
only once that succeeded (a refused note or a duplicate variant name never reaches the undo
stack). Undo and redo each run one transaction. Ids of records re-created by undoing a deletion
go through the window's `IdMap` under the kinds "note", "action", "role" and "cv_variant", so
older commands keep pointing at the live record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from portfolio.enums import SkillLevel
from portfolio.services import cv_variants, roles, sessions, skills
from portfolio.services.goal_records import ActionRecord, NoteRecord, RoleInput, RoleRecord
from portfolio.ui.commands import _Command, id_map
from portfolio.ui.context import UiContext


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


# --- Sessions: notes and agreed actions ----------------------------------------------------------

SESSIONS = {"sessions"}


class AddNote(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, note_id: int, held_on: dt.date, body: str
    ) -> None:
        super().__init__(ctx, f"Add note “{_short(body)}”", learner_id, SESSIONS)
        self.note_id, self.held_on, self.body = note_id, held_on, body

    def do(self, session: Any) -> None:
        new = sessions.add_note(session, self.learner_id, self.held_on, self.body)
        self._alias("note", self.note_id, new)

    def undo_it(self, session: Any) -> None:
        sessions.delete_note(session, self._id("note", self.note_id))


class EditNote(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, before: NoteRecord, after: NoteRecord
    ) -> None:
        super().__init__(ctx, f"Edit note “{_short(after.body)}”", learner_id, SESSIONS)
        self.before, self.after = before, after

    def _apply(self, session: Any, note: NoteRecord) -> None:
        sessions.update_note(session, self._id("note", note.id), note.held_on, note.body)

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class DeleteNote(_PageCommand):
    """Deletes a note (its actions stay); undo brings it back and ties its actions to it again."""

    def __init__(
        self, ctx: UiContext, learner_id: int, note: NoteRecord, action_ids: tuple[int, ...]
    ) -> None:
        super().__init__(ctx, f"Delete note “{_short(note.body)}”", learner_id, SESSIONS)
        self.note, self.action_ids = note, action_ids

    def do(self, session: Any) -> None:
        sessions.delete_note(session, self._id("note", self.note.id))

    def undo_it(self, session: Any) -> None:
        actions = [self._id("action", a) for a in self.action_ids]
        new = sessions.restore_note(
            session, self.learner_id, self.note.held_on, self.note.body, actions
        )
        self._alias("note", self.note.id, new)


class AddAction(_PageCommand):
    def __init__(self, ctx: UiContext, learner_id: int, action: ActionRecord) -> None:
        super().__init__(ctx, f"Add action “{_short(action.text)}”", learner_id, SESSIONS)
        self.action = action

    def do(self, session: Any) -> None:
        note = self.action.note_id
        new = sessions.add_action(
            session,
            self.learner_id,
            self.action.text,
            self.action.due_on,
            None if note is None else self._id("note", note),
        )
        self._alias("action", self.action.id, new)

    def undo_it(self, session: Any) -> None:
        sessions.delete_action(session, self._id("action", self.action.id))


class EditAction(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, before: ActionRecord, after: ActionRecord
    ) -> None:
        super().__init__(ctx, f"Edit action “{_short(after.text)}”", learner_id, SESSIONS)
        self.before, self.after = before, after

    def _apply(self, session: Any, action: ActionRecord) -> None:
        sessions.update_action(session, self._id("action", action.id), action.text, action.due_on)

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class TickAction(_PageCommand):
    """Ticks an action done (or opens it again); undo restores the previous flag and date."""

    def __init__(
        self, ctx: UiContext, learner_id: int, before: ActionRecord, after: ActionRecord
    ) -> None:
        verb = "Tick done" if after.done else "Reopen"
        super().__init__(ctx, f"{verb}: action “{_short(after.text)}”", learner_id, SESSIONS)
        self.before, self.after = before, after

    def _apply(self, session: Any, action: ActionRecord) -> None:
        sessions.set_action_done(
            session, self._id("action", action.id), action.done, today=action.done_on
        )

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class DeleteAction(_PageCommand):
    def __init__(self, ctx: UiContext, learner_id: int, action: ActionRecord) -> None:
        super().__init__(ctx, f"Delete action “{_short(action.text)}”", learner_id, SESSIONS)
        self.action = action

    def do(self, session: Any) -> None:
        sessions.delete_action(session, self._id("action", self.action.id))

    def undo_it(self, session: Any) -> None:
        note = self.action.note_id
        record = dataclasses.replace(
            self.action, note_id=None if note is None else self._id("note", note)
        )
        self._alias("action", self.action.id, sessions.restore_action(session, record))


def save_note(
    ctx: UiContext, learner_id: int, note_id: int | None, held_on: dt.date, body: str
) -> int:
    """Add or update a note now (a refused note raises and pushes nothing); return its id."""
    with ctx.database.session() as session:
        if note_id is None:
            new = sessions.add_note(session, learner_id, held_on, body)
            after = sessions.get_note(session, new)
            command: _Command = AddNote(ctx, learner_id, new, after.held_on, after.body)
        else:
            before = sessions.get_note(session, note_id)
            sessions.update_note(session, note_id, held_on, body)
            after = sessions.get_note(session, note_id)
            command = EditNote(ctx, learner_id, before, after)
    ctx.undo_stack.push(command)
    return after.id


def delete_note(ctx: UiContext, learner_id: int, note_id: int) -> None:
    with ctx.database.session() as session:
        note = sessions.get_note(session, note_id)
        actions = tuple(sessions.actions_of_note(session, note_id))
        sessions.delete_note(session, note_id)
    ctx.undo_stack.push(DeleteNote(ctx, learner_id, note, actions))


def add_action(
    ctx: UiContext, learner_id: int, text: str, due_on: dt.date | None, note_id: int | None
) -> int:
    with ctx.database.session() as session:
        new = sessions.add_action(session, learner_id, text, due_on, note_id)
        action = sessions.get_action(session, new)
    ctx.undo_stack.push(AddAction(ctx, learner_id, action))
    return new


def edit_action(
    ctx: UiContext, learner_id: int, action_id: int, text: str, due_on: dt.date | None
) -> None:
    with ctx.database.session() as session:
        before = sessions.get_action(session, action_id)
        sessions.update_action(session, action_id, text, due_on)
        after = sessions.get_action(session, action_id)
    ctx.undo_stack.push(EditAction(ctx, learner_id, before, after))


def set_action_done(
    ctx: UiContext, learner_id: int, action_id: int, done: bool, today: dt.date
) -> None:
    with ctx.database.session() as session:
        before = sessions.get_action(session, action_id)
        sessions.set_action_done(session, action_id, done, today=today)
        after = sessions.get_action(session, action_id)
    ctx.undo_stack.push(TickAction(ctx, learner_id, before, after))


def delete_action(ctx: UiContext, learner_id: int, action_id: int) -> None:
    with ctx.database.session() as session:
        action = sessions.get_action(session, action_id)
        sessions.delete_action(session, action_id)
    ctx.undo_stack.push(DeleteAction(ctx, learner_id, action))


# --- Goals: target roles and the user's own roles ------------------------------------------------

GOALS = {"goals"}


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


# --- CV variants --------------------------------------------------------------------------------

CV = {"cv_variant"}


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


# --- Skills the learner claims ------------------------------------------------------------------

SKILLS = {"skill"}


class ClaimSkill(_PageCommand):
    """Claims a skill (or changes a claim); undo puts back the previous claim or none."""

    def __init__(
        self,
        ctx: UiContext,
        learner_id: int,
        skill_id: int,
        label: str,
        before: tuple[SkillLevel, str] | None,
        after: tuple[SkillLevel, str] | None,
    ) -> None:
        verb = "Claim skill" if after is not None else "Remove claimed skill"
        super().__init__(ctx, f"{verb} “{label}”", learner_id, SKILLS)
        self.skill_id, self.label, self.before, self.after = skill_id, label, before, after

    def _apply(self, session: Any, claim: tuple[SkillLevel, str] | None) -> None:
        if claim is None:
            skills.unclaim_skill(session, self.learner_id, self.skill_id)
        else:
            skills.claim_skill(
                session, self.learner_id, self.label, claim[0], claim[1], skill_id=self.skill_id
            )

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


def _claims(session: Any, learner_id: int) -> dict[int, tuple[SkillLevel, str, str]]:
    from portfolio.services.learner_skills import learner_skills

    return {c.skill_id: (c.level, c.note, c.label) for c in learner_skills(session, learner_id)}


def claim_skill(
    ctx: UiContext, learner_id: int, label: str, level: SkillLevel = SkillLevel.WORKING
) -> int:
    """Claim a skill by name (found in the taxonomy or added); return the skill's id."""
    with ctx.database.session() as session:
        before = _claims(session, learner_id)
        skill_id = skills.claim_skill(session, learner_id, label, level)
        after = _claims(session, learner_id)[skill_id]
    old = before.get(skill_id)
    ctx.undo_stack.push(
        ClaimSkill(
            ctx,
            learner_id,
            skill_id,
            after[2],
            None if old is None else (old[0], old[1]),
            (after[0], after[1]),
        )
    )
    return skill_id


def unclaim_skill(ctx: UiContext, learner_id: int, skill_id: int) -> None:
    """Remove a skill the learner claimed (its evidence, if any, stays)."""
    with ctx.database.session() as session:
        old = _claims(session, learner_id).get(skill_id)
        if old is None:
            return
        skills.unclaim_skill(session, learner_id, skill_id)
    ctx.undo_stack.push(ClaimSkill(ctx, learner_id, skill_id, old[2], (old[0], old[1]), None))
