"""Plan an import: a preview with duplicates found.

`plan_import` reads the database only: it picks the target learner, and marks every credential
as new, or a duplicate of an existing one (same credential ID, or same title + issuer + date)
to skip or merge. `portfolio.services.import_apply.apply_import` then writes the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.errors import NotFound, UserError
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle
from portfolio.models import Credential, Experience, Organization
from portfolio.services import learners as learner_service
from portfolio.services.records import CredentialInput, LearnerSummary
from portfolio.services.validation import check_credential, check_experience, check_learner
from portfolio.text import fold

NEW = "new"
SKIP = "skip"
MERGE = "merge"


@dataclass(frozen=True)
class PlanItem:
    """One line of the preview."""

    key: int  # index into ImportPlan.items; actions are chosen by key
    kind: str  # "credential", "experience", "skill", "language", "portfolio"
    title: str
    detail: str
    source: str
    action: str  # NEW, SKIP or MERGE
    duplicate_of: int | None = None  # id of the existing credential
    reason: str = ""  # why it is a duplicate


@dataclass(frozen=True)
class ImportPlan:
    bundles: tuple[ImportBundle, ...]
    learner_id: int | None  # existing learner, or None: a new one called `learner_name`
    learner_name: str
    items: tuple[PlanItem, ...]
    notes: tuple[str, ...]

    def count(self, kind: str, action: str | None = None) -> int:
        return sum(
            1 for i in self.items if i.kind == kind and (action is None or i.action == action)
        )


def _date_key(data: CredentialInput) -> str:
    date = data.end_date or data.start_date
    return date.iso() if date else ""


def _experience_key(title: str, organization: str, start: Any) -> tuple[str, str, str]:
    return (fold(title), fold(organization), start.iso() if start else "")


def _natural_key(data: CredentialInput) -> tuple[str, str, str]:
    return (fold(data.title), fold(data.issuer), _date_key(data))


def _free_name(session: Session, name: str) -> str:
    """`name`, or "name (2)", "name (3)"... whichever no learner has yet."""
    taken = {fold(s.name) for s in learner_service.list_learners(session)}
    candidate, n = name, 1
    while fold(candidate) in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _pick_learner(
    session: Session,
    bundles: Sequence[ImportBundle],
    learner_name: str | None,
    learner_id: int | None = None,
    new_learner: str | None = None,
) -> tuple[int | None, str]:
    portfolio = next((b for b in bundles if b.portfolio is not None), None)
    if learner_id is not None:
        if portfolio is not None:
            raise UserError(
                "A portfolio file always creates a new learner; choose “New learner…” for it."
            )
        chosen = learner_service.get_learner(session, learner_id)
        return chosen.id, chosen.name
    if new_learner is not None:
        if new_learner.strip() and learner_service.learners_called(session, new_learner):
            raise UserError(
                f"A learner called “{new_learner.strip()}” already exists; choose them in the list."
            )
        return None, new_learner.strip()
    if portfolio is not None:
        # A portfolio file is a whole learner: it always becomes a new one.
        if learner_name and learner_name.strip():
            wanted = fold(learner_name)
            if any(fold(s.name) == wanted for s in learner_service.list_learners(session)):
                raise UserError(
                    f"A learner called “{learner_name.strip()}” already exists; a portfolio file "
                    "always creates a new learner, so give another name."
                )
            return None, learner_name.strip()
        assert portfolio.portfolio is not None
        return None, _free_name(session, str(portfolio.portfolio["tables"]["learner"][0]["name"]))
    if learner_name and learner_name.strip():
        try:
            found = learner_service.find_learner(session, learner_name)
        except NotFound:
            return None, learner_name.strip()
        return found.id, found.name
    named = next((b.learner.name for b in bundles if b.learner and b.learner.name.strip()), "")
    if named:
        wanted = fold(named)
        matches = [s for s in learner_service.list_learners(session) if fold(s.name) == wanted]
        if len(matches) == 1:
            return matches[0].id, matches[0].name
        return None, named if not matches else _free_name(session, named)
    everyone = learner_service.list_learners(session)
    if len(everyone) == 1:
        return everyone[0].id, everyone[0].name
    raise UserError(
        "Say which learner to import into (--learner NAME, or choose one in the import window)."
    )


def _validate(bundle: ImportBundle) -> None:
    """Refuse the whole bundle when a record is invalid: nothing is written half-way."""
    checks: list[tuple[str, Any]] = []
    if bundle.learner is not None:
        checks.append(("the profile", check_learner(replace(bundle.learner, languages=()))))
    for item in bundle.credentials:
        checks.append((f"credential “{item.data.title[:60]}”", check_credential(item.data)))
    for exp in bundle.experiences:
        checks.append((f"experience “{exp.title[:60]}”", check_experience(exp)))
    for where, problems in checks:
        blocking = [p for p in problems if p.blocking]
        if blocking:
            raise ImportFailed(bundle.source, f"{where}: {blocking[0].message}")


def plan_import(
    session: Session,
    bundles: Sequence[ImportBundle],
    learner_name: str | None = None,
    *,
    merge_duplicates: bool = False,
    learner_id: int | None = None,
    new_learner: str | None = None,
) -> ImportPlan:
    """The preview of importing `bundles` (reads only).

    The target is the learner `learner_id`; else a new learner called `new_learner` (refused
    when that name is taken; "" leaves the name to be given before applying); else the learner
    `learner_name` finds, or the person the files name.
    """
    for bundle in bundles:
        _validate(bundle)
    if sum(1 for b in bundles if b.portfolio is not None) > 1 or (
        any(b.portfolio is not None for b in bundles) and len(bundles) > 1
    ):
        raise UserError("Import a portfolio file on its own, one at a time.")
    learner_id, name = _pick_learner(session, bundles, learner_name, learner_id, new_learner)
    early_notes: list[str] = []
    portfolio = next((b for b in bundles if b.portfolio is not None), None)
    if portfolio is not None and portfolio.portfolio is not None:
        original = str(portfolio.portfolio["tables"]["learner"][0]["name"])
        if name != original:
            early_notes.append(f"{portfolio.source}: imported as “{name}” (“{original}” is taken)")
    by_id: dict[str, int] = {}
    by_key: dict[tuple[str, str, str], int] = {}
    if learner_id is not None:
        rows = session.execute(
            select(
                Credential.id,
                Credential.credential_id,
                Credential.title,
                func.coalesce(Organization.name, ""),
                Credential.end_date,
                Credential.start_date,
            )
            .outerjoin(Organization, Organization.id == Credential.issuer_id)
            .where(Credential.learner_id == learner_id)
        )
        for cid, ext_id, title, issuer, end, start in rows:
            if ext_id:
                by_id.setdefault(ext_id.strip(), cid)
            date = end or start
            by_key.setdefault((fold(title), fold(issuer), date.iso() if date else ""), cid)
    exp_keys: dict[tuple[str, str, str], int] = {}
    if learner_id is not None:
        for eid, title, org, start in session.execute(
            select(
                Experience.id,
                Experience.title,
                func.coalesce(Organization.name, ""),
                Experience.start_date,
            )
            .outerjoin(Organization, Organization.id == Experience.organization_id)
            .where(Experience.learner_id == learner_id)
        ):
            exp_keys.setdefault(_experience_key(title, org, start), eid)
    seen_exp: set[tuple[str, str, str]] = set()
    items: list[PlanItem] = []
    notes: list[str] = list(early_notes)
    seen_ids: set[str] = set()
    seen_keys: set[tuple[str, str, str]] = set()
    for bundle in bundles:
        notes.extend(f"{bundle.source}: {n}" for n in bundle.notes)
        if bundle.portfolio is not None:
            from portfolio.importers.portfolio_file import summary

            counts = summary(bundle.portfolio)
            detail = ", ".join(
                f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if k != "learner"
            )
            items.append(PlanItem(len(items), "portfolio", name, detail, bundle.source, NEW))
            continue
        for cred in bundle.credentials:
            data = cred.data
            ext = data.credential_id.strip()
            key = _natural_key(data)
            duplicate, reason = None, ""
            if ext and ext in by_id:
                duplicate, reason = by_id[ext], "same credential ID"
            elif key in by_key:
                duplicate, reason = by_key[key], "same title, issuer and date"
            in_batch = (ext and ext in seen_ids) or key in seen_keys
            if ext:
                seen_ids.add(ext)
            seen_keys.add(key)
            detail = " · ".join(
                filter(None, [data.issuer, data.end_date.display() if data.end_date else ""])
            )
            if duplicate is not None:
                action = MERGE if merge_duplicates else SKIP
            elif in_batch:
                action, reason = SKIP, "listed twice in this import"
            else:
                action = NEW
            items.append(
                PlanItem(
                    len(items),
                    "credential",
                    data.title,
                    detail,
                    bundle.source,
                    action,
                    duplicate,
                    reason,
                )
            )
        for exp in bundle.experiences:
            detail = " · ".join(filter(None, [exp.organization, exp.kind.value]))
            ekey = _experience_key(exp.title, exp.organization, exp.start_date)
            if ekey in exp_keys:
                action = MERGE if merge_duplicates else SKIP
                items.append(
                    PlanItem(
                        len(items),
                        "experience",
                        exp.title,
                        detail,
                        bundle.source,
                        action,
                        exp_keys[ekey],
                        "same title, organization and start",
                    )
                )
            elif ekey in seen_exp:
                items.append(
                    PlanItem(
                        len(items),
                        "experience",
                        exp.title,
                        detail,
                        bundle.source,
                        SKIP,
                        None,
                        "listed twice in this import",
                    )
                )
            else:
                items.append(
                    PlanItem(len(items), "experience", exp.title, detail, bundle.source, NEW)
                )
            seen_exp.add(ekey)
        for skill in bundle.skills:
            items.append(
                PlanItem(len(items), "skill", skill.label, skill.level.value, bundle.source, NEW)
            )
        for language in bundle.languages:
            items.append(
                PlanItem(
                    len(items), "language", language.language, language.fluency, bundle.source, NEW
                )
            )
    from portfolio.services.import_accounts import account_notes

    notes[:0] = account_notes(bundles, items)  # every record read is accounted for, first
    return ImportPlan(tuple(bundles), learner_id, name, tuple(items), tuple(notes))


@dataclass(frozen=True)
class ImportTarget:
    """Whom the import preview proposes to import into, and the sentence that says why.

    `ask` means the files are about someone other than the learner on screen: nothing is
    proposed, the user chooses between `named` (the existing `named_learner`, or a new learner
    called `new_name`) and `on_screen`. Otherwise the proposal is the existing learner
    `learner_id`, or, when it is None, a new learner called `new_name` ("" for the user to type).
    """

    learner_id: int | None
    new_name: str
    on_screen: LearnerSummary | None
    named: str  # the person the files are about; "" when they name nobody
    named_learner: LearnerSummary | None  # the one existing learner of that name
    ask: bool
    explanation: str


def named_person(bundles: Sequence[ImportBundle]) -> list[str]:
    """The different people the files name (a JSON Resume's basics.name, a LinkedIn profile's
    first and last name), in file order; badges, CSV and portfolio files name nobody here."""
    names: dict[str, str] = {}
    for bundle in bundles:
        if bundle.portfolio is None and bundle.learner is not None and bundle.learner.name.strip():
            names.setdefault(fold(bundle.learner.name), " ".join(bundle.learner.name.split()))
    return list(names.values())


def propose_target(
    session: Session, bundles: Sequence[ImportBundle], on_screen_id: int | None
) -> ImportTarget:
    """Whom to import `bundles` into, given the learner on screen (reads only).

    A file naming the learner on screen, or naming nobody, goes to the learner on screen. A file
    naming someone else asks (that person, existing or new, or the learner on screen). With no
    learner on screen: the person named (existing or new), else the only or first learner, else
    a new learner to name.
    """
    everyone = learner_service.list_learners(session)
    on_screen = next((s for s in everyone if s.id == on_screen_id), None)
    one = len(bundles) == 1
    these, are, it = ("This file", "is", "it") if one else ("These files", "are", "they")
    names = "names" if one else "name"
    portfolio = next((b for b in bundles if b.portfolio is not None), None)
    if portfolio is not None:
        _, name = _pick_learner(session, bundles, None)
        return ImportTarget(
            None,
            name,
            on_screen,
            "",
            None,
            False,
            f"A portfolio file always becomes a new learner: it will be imported as “{name}”.",
        )
    people = named_person(bundles)
    named = people[0] if people else ""
    matches = learner_service.learners_called(session, named) if named else []
    named_learner = matches[0] if len(matches) == 1 else None
    new_name = "" if not named or named_learner else _free_name(session, named)

    def target(learner_id: int | None, name: str, ask: bool, why: str) -> ImportTarget:
        return ImportTarget(learner_id, name, on_screen, named, named_learner, ask, why)

    if len(people) > 1:
        listed = ", ".join(f"“{p}”" for p in people)
        return target(None, new_name, True, f"{these} {names} different people ({listed}).")
    if named and on_screen is not None:
        if fold(named) == fold(on_screen.name):
            return target(
                on_screen.id,
                "",
                False,
                f"{these} {are} about {on_screen.name}, the learner on screen.",
            )
        return target(None, new_name, True, f"{these} {are} about {named}, not {on_screen.name}.")
    if named:
        if named_learner is not None:
            return target(
                named_learner.id,
                "",
                False,
                f"{these} {are} about {named}: {it} will be imported under {named_learner.name}.",
            )
        return target(
            None,
            new_name,
            False,
            f"{these} {are} about {named}, who is not in the portfolio yet: {it} will be imported "
            f"under a new learner, {new_name}.",
        )
    if on_screen is not None:
        return target(
            on_screen.id,
            "",
            False,
            f"{these} {names} nobody: {it} will be imported under {on_screen.name}, the learner on screen.",
        )
    if everyone:
        first = everyone[0]
        why = (
            f"No learner is on screen: {it} will be imported under {first.name}, the first in the "
            "list; choose another below if it is for someone else."
            if len(everyone) > 1
            else f"{it.capitalize()} will be imported under {first.name}, the only learner."
        )
        return target(first.id, "", False, why)
    return target(
        None,
        "",
        False,
        f"There is no learner yet: name the new learner {it} will be imported under.",
    )
