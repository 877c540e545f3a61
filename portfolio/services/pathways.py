"""Stackable pathways: a target credential and the rule to reach it, with progress.

Rules (PathwayRule):
- ``credits``: N credits from the listed items; progress is credits earned / required.
- ``all_of``: every listed item; progress is items done / items.
- ``counts_toward``: the listed items are recognised toward a program (MITx MicroMasters toward
  the Royal Roads MBA); progress is items done / items, plus credits if any are recorded.

An item is *done* when its credential is completed (an expired certificate still counts: the
credit was earned). Planned items are titles not yet in the portfolio. An item's own credit value
wins over its credential's.

Besides the pathways the user records, credentials that other credentials *stack into*
(Credential.stacks_into) give a derived pathway, unless a recorded pathway already covers them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portfolio.errors import FieldProblem, NotFound, ValidationError
from portfolio.models import (
    Credential,
    CredentialStatus,
    Learner,
    Pathway,
    PathwayItem,
    PathwayRule,
    Program,
)
from portfolio.services.goal_records import (
    PathwayInput,
    PathwayItemStatus,
    PathwayProgress,
)
from portfolio.services.records import effective_status
from portfolio.services.validation import _text_problems, number_problem
from portfolio.text import clean_block, clean_line

_STATE = {
    CredentialStatus.COMPLETED: "done",
    CredentialStatus.EXPIRED: "done (expired since)",
    CredentialStatus.IN_PROGRESS: "in progress",
}


def _check(session: Session, learner_id: int, data: PathwayInput) -> None:
    problems: list[FieldProblem] = []
    if not data.name.strip():
        problems.append(FieldProblem("name", "Pathway name is required"))
    problems += _text_problems(
        {
            "name": ("Pathway name", data.name, 1_000),
            "target_title": ("Target", data.target_title, 1_000),
            "note": ("Note", data.note, 100_000),
        }
    )
    if data.target_credential_id is None and not data.target_title.strip():
        problems.append(FieldProblem("target", "Choose the credential this pathway leads to"))
    if data.rule == PathwayRule.CREDITS and not data.credits_required:
        problems.append(FieldProblem("credits_required", "Give the number of credits required"))
    for field, label, number in (
        ("credits_required", "Credits required", data.credits_required),
        *(
            (f"items[{i}]", "An item's credits", item.credit_value)
            for i, item in enumerate(data.items)
        ),
    ):
        if p := number_problem(field, label, number):
            problems.append(p)
    wanted = {i.credential_id for i in data.items if i.credential_id is not None}
    if data.target_credential_id is not None:
        wanted.add(data.target_credential_id)
    owned = set(
        session.scalars(
            select(Credential.id).where(
                Credential.id.in_(wanted), Credential.learner_id == learner_id
            )
        )
    )
    if wanted - owned:
        problems.append(
            FieldProblem("items", "A pathway can only use the learner's own credentials")
        )
    for item in data.items:
        if item.credential_id is None and not item.planned_title.strip():
            problems.append(FieldProblem("items", "A planned item needs a title"))
    if data.program_id is not None and session.get(Program, data.program_id) is None:
        problems.append(FieldProblem("program_id", f"Program #{data.program_id} no longer exists"))
    if problems:
        raise ValidationError(problems)


def _apply(pathway: Pathway, data: PathwayInput) -> None:
    pathway.name = clean_line(data.name)
    pathway.rule = data.rule
    pathway.target_credential_id = data.target_credential_id
    pathway.target_title = clean_line(data.target_title)
    pathway.program_id = data.program_id
    pathway.credits_required = data.credits_required
    pathway.credit_unit = data.credit_unit
    pathway.note = clean_block(data.note)
    pathway.items = [
        PathwayItem(
            credential_id=item.credential_id,
            planned_title=clean_line(item.planned_title),
            credit_value=item.credit_value,
            position=index,
        )
        for index, item in enumerate(data.items)
    ]


def create_pathway(session: Session, learner_id: int, data: PathwayInput) -> int:
    """Record a pathway for a learner and return its id."""
    if session.get(Learner, learner_id) is None:
        raise NotFound(f"Learner #{learner_id} no longer exists.")
    _check(session, learner_id, data)
    pathway = Pathway(learner_id=learner_id, name=clean_line(data.name))
    _apply(pathway, data)
    session.add(pathway)
    session.flush()
    return pathway.id


def update_pathway(session: Session, pathway_id: int, data: PathwayInput) -> None:
    pathway = session.get(Pathway, pathway_id)
    if pathway is None:
        raise NotFound(f"Pathway #{pathway_id} no longer exists.")
    _check(session, pathway.learner_id, data)
    _apply(pathway, data)
    session.flush()


def delete_pathway(session: Session, pathway_id: int) -> None:
    pathway = session.get(Pathway, pathway_id)
    if pathway is None:
        raise NotFound(f"Pathway #{pathway_id} no longer exists.")
    session.delete(pathway)
    session.flush()


def pathway_progress(
    session: Session, learner_id: int, today: dt.date | None = None
) -> list[PathwayProgress]:
    """Progress on every pathway of a learner: recorded ones first, then derived from stacking."""
    today = today or dt.date.today()
    creds = {
        c.id: c
        for c in session.scalars(select(Credential).where(Credential.learner_id == learner_id))
    }
    pathways = list(
        session.scalars(
            select(Pathway)
            .where(Pathway.learner_id == learner_id)
            .options(selectinload(Pathway.items))
            .order_by(Pathway.id)
        )
    )
    program_ids = {p.program_id for p in pathways if p.program_id is not None}
    program_names: dict[int | None, str] = {}
    if program_ids:
        rows = session.execute(select(Program.id, Program.name).where(Program.id.in_(program_ids)))
        program_names = {pid: name for pid, name in rows}
    result: list[PathwayProgress] = []
    covered_targets: set[int] = set()
    covered_items: set[int] = set()
    for pathway in pathways:
        items = []
        for item in pathway.items:
            cred = creds.get(item.credential_id) if item.credential_id else None
            if cred is not None:
                state = effective_status(cred.status, cred.expiry_date, today)
                credits = item.credit_value if item.credit_value is not None else cred.credit_value
                items.append(
                    PathwayItemStatus(
                        title=cred.title,
                        credential_id=cred.id,
                        credits=credits,
                        done=state != CredentialStatus.IN_PROGRESS,
                        state=_STATE[state],
                    )
                )
                covered_items.add(cred.id)
            else:
                items.append(
                    PathwayItemStatus(
                        title=item.planned_title,
                        credential_id=None,
                        credits=item.credit_value,
                        done=False,
                        state="planned",
                    )
                )
        target_cred = creds.get(pathway.target_credential_id or -1)
        if target_cred is not None:
            covered_targets.add(target_cred.id)
        target = pathway.target_title or (target_cred.title if target_cred else "")
        if pathway.program_id in program_names and not pathway.target_title:
            target = program_names[pathway.program_id]
        result.append(
            PathwayProgress(
                pathway_id=pathway.id,
                name=pathway.name,
                rule=pathway.rule,
                target=target,
                credits_earned=sum(i.credits or 0.0 for i in items if i.done),
                credits_required=pathway.credits_required,
                credit_unit=pathway.credit_unit,
                items=tuple(items),
                note=pathway.note,
            )
        )
    result += _derived(creds, covered_targets, covered_items, today)
    return result


def _derived(
    creds: dict[int, Credential],
    covered_targets: set[int],
    covered_items: set[int],
    today: dt.date,
) -> list[PathwayProgress]:
    children: dict[int, list[Credential]] = defaultdict(list)
    for cred in creds.values():
        if cred.stacks_into_id is not None and cred.stacks_into_id in creds:
            children[cred.stacks_into_id].append(cred)
    out = []
    for target_id, stacked in children.items():
        if target_id in covered_targets or {c.id for c in stacked} <= covered_items:
            continue
        target = creds[target_id]
        stacked.sort(key=lambda c: (c.position, c.start_date or c.end_date or today, c.id))
        items = []
        for cred in stacked:
            state = effective_status(cred.status, cred.expiry_date, today)
            items.append(
                PathwayItemStatus(
                    title=cred.title,
                    credential_id=cred.id,
                    credits=cred.credit_value,
                    done=state != CredentialStatus.IN_PROGRESS,
                    state=_STATE[state],
                )
            )
        out.append(
            PathwayProgress(
                pathway_id=None,
                name=f"Toward {target.title}",
                rule=PathwayRule.ALL_OF,
                target=target.title,
                credits_earned=sum(i.credits or 0.0 for i in items if i.done),
                credits_required=None,
                credit_unit=stacked[0].credit_unit,
                items=tuple(items),
                note="From the credentials that stack into it.",
            )
        )
    out.sort(key=lambda p: p.name.casefold())
    return out
