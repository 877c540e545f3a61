"""Plan an import (a preview with duplicates found) and apply it in the caller's one transaction.

`plan_import` reads the database only: it picks the target learner, and marks every credential
as new, or a duplicate of an existing one (same credential ID, or same title + issuer + date)
to skip or merge. `apply_import` writes the plan with bulk inserts (organizations and skills are
resolved once per name, rows are flushed together), so 10,000 certificates take seconds. It never
commits: the caller's `with database.session()` makes the whole import one transaction, and any
error rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from portfolio.errors import NotFound, UserError, ValidationError
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle
from portfolio.models import (
    Credential,
    CredentialAttachment,
    CredentialSkill,
    Experience,
    ExperienceSkill,
    Learner,
    LearnerLanguage,
    LearnerSkill,
    Organization,
)
from portfolio.models.base import utcnow
from portfolio.services import learners as learner_service
from portfolio.services import portfolio_transfer
from portfolio.services.credentials import credential_columns
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LearnerInput,
    SkillLinkInput,
)
from portfolio.services.skill_links import resolve_skill
from portfolio.services.validation import check_credential, check_experience, check_learner
from portfolio.text import clean_block, clean_line, fold

NEW = "new"
SKIP = "skip"
MERGE = "merge"

Progress = Callable[[int, int, str], None]


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


@dataclass(frozen=True)
class ImportSummary:
    learner_id: int
    learner_name: str
    created_learner: bool
    credentials_added: int
    credentials_merged: int
    duplicates_skipped: int
    experiences_added: int
    skills_added: int
    languages_added: int

    def message(self) -> str:
        parts = [f"{self.credentials_added} credential(s) imported"]
        if self.credentials_merged:
            parts.append(f"{self.credentials_merged} merged")
        if self.duplicates_skipped:
            parts.append(f"{self.duplicates_skipped} duplicate(s) skipped")
        if self.experiences_added:
            parts.append(f"{self.experiences_added} experience(s)")
        if self.skills_added:
            parts.append(f"{self.skills_added} skill(s)")
        if self.languages_added:
            parts.append(f"{self.languages_added} language(s)")
        who = ("new learner " if self.created_learner else "") + self.learner_name
        return f"{', '.join(parts)} for {who}"


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
    session: Session, bundles: Sequence[ImportBundle], learner_name: str | None
) -> tuple[int | None, str]:
    portfolio = next((b for b in bundles if b.portfolio is not None), None)
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
) -> ImportPlan:
    """The preview of importing `bundles` (reads only)."""
    for bundle in bundles:
        _validate(bundle)
    if sum(1 for b in bundles if b.portfolio is not None) > 1 or (
        any(b.portfolio is not None for b in bundles) and len(bundles) > 1
    ):
        raise UserError("Import a portfolio file on its own, one at a time.")
    learner_id, name = _pick_learner(session, bundles, learner_name)
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
    return ImportPlan(tuple(bundles), learner_id, name, tuple(items), tuple(notes))


class _Resolver:
    """Organizations and skills looked up once per name during one import."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.orgs: dict[str, int] = {
            key: oid for key, oid in session.execute(select(Organization.name_key, Organization.id))
        }
        self.skills: dict[tuple[str, str], int] = {}

    def org(self, name: str, kind: Any = None) -> int | None:
        clean = clean_line(name)
        if not clean:
            return None
        key = fold(clean)
        if key not in self.orgs:
            from portfolio.services.organizations import get_or_create

            org = get_or_create(self.session, clean, kind)
            assert org is not None
            self.orgs[key] = org.id
        return self.orgs[key]

    def skill(self, link: SkillLinkInput) -> int:
        cache_key = (link.uri or "", fold(link.label))
        if cache_key not in self.skills:
            self.skills[cache_key] = resolve_skill(self.session, link).id
        return self.skills[cache_key]


def _table(model: Any) -> Table:
    """The Core table of a mapped class (for executemany inserts)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _credential_values(
    res: _Resolver, learner_id: int, position: int, data: CredentialInput
) -> dict[str, Any]:
    """Column values of a new credential, cleaned by services.credentials.credential_columns."""
    now = utcnow()
    return {
        **credential_columns(data),
        "learner_id": learner_id,
        "position": position,
        "issuer_id": res.org(data.issuer, data.issuer_kind),
        "stacks_into_id": None,
        "created_at": now,
        "updated_at": now,
    }


def _insert_credentials(
    session: Session, res: _Resolver, batch: list[tuple[dict[str, Any], Any]]
) -> None:
    """Insert a batch of credentials with their skill links and files in three statements."""
    if not batch:
        return
    # One executemany on the table (the ORM's per-row RETURNING path is ten times slower); the
    # new rows are found again by their positions, which are unique within this learner.
    session.execute(insert(_table(Credential)), [values for values, _ in batch])
    first, last = batch[0][0]["position"], batch[-1][0]["position"]
    ids = session.scalars(
        select(Credential.id)
        .where(
            Credential.learner_id == batch[0][0]["learner_id"],
            Credential.position.between(first, last),
        )
        .order_by(Credential.position)
    ).all()
    links: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    for cred_id, (_values, item) in zip(ids, batch, strict=True):
        seen: set[int] = set()
        for link in item.data.skills:
            skill_id = res.skill(link)
            if skill_id in seen:
                continue
            seen.add(skill_id)
            links.append(
                {
                    "credential_id": cred_id,
                    "skill_id": skill_id,
                    "level": link.level,
                    "evidence_note": clean_block(link.evidence_note),
                    "source": link.source,
                    "position": len(seen) - 1,
                }
            )
        for att in item.attachments:
            now = utcnow()
            files.append(
                {
                    "credential_id": cred_id,
                    "filename": att.filename[:300],
                    "media_type": att.media_type,
                    "sha256": att.sha256,
                    "data": att.data,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    if links:
        session.execute(insert(_table(CredentialSkill)), links)
    if files:
        session.execute(insert(_table(CredentialAttachment)), files)


def _skill_rows(res: _Resolver, links: Sequence[SkillLinkInput], model: Any) -> list[Any]:
    rows: list[Any] = []
    seen: set[int] = set()
    for link in links:
        skill_id = res.skill(link)
        if skill_id in seen:
            continue
        seen.add(skill_id)
        rows.append(
            model(
                skill_id=skill_id,
                level=link.level,
                evidence_note=clean_block(link.evidence_note),
                source=link.source,
                position=len(rows),
            )
        )
    return rows


def _merge_into(res: _Resolver, cred: Credential, data: CredentialInput) -> None:
    """Fill the existing credential's empty fields; add new evidence, tags and skills."""
    for field in ("field_of_study", "credential_id", "verification_url", "description", "notes"):
        if not getattr(cred, field) and getattr(data, field):
            setattr(cred, field, getattr(data, field).strip())
    for field in ("start_date", "end_date", "expiry_date", "credit_value", "credit_unit"):
        if getattr(cred, field) is None and getattr(data, field) is not None:
            setattr(cred, field, getattr(data, field))
    if cred.issuer_id is None:
        cred.issuer_id = res.org(data.issuer, data.issuer_kind)
    cred.evidence_links = list(dict.fromkeys([*cred.evidence_links, *data.evidence_links]))
    cred.tags = list(dict.fromkeys([*cred.tags, *(clean_line(t) for t in data.tags if t.strip())]))
    if cred.verification_status.value == "not_verified":
        cred.verification_status = data.verification_status
        cred.verification_note = data.verification_note
    have = {link.skill_id for link in cred.skill_links}
    for row in _skill_rows(res, data.skills, CredentialSkill):
        if row.skill_id not in have:
            row.position = len(cred.skill_links)
            cred.skill_links.append(row)


def _new_experience(
    res: _Resolver, learner_id: int, position: int, data: ExperienceInput
) -> Experience:
    exp = Experience(
        learner_id=learner_id,
        position=position,
        title=clean_line(data.title),
        organization_id=res.org(data.organization),
        kind=data.kind,
        location=clean_line(data.location),
        start_date=data.start_date,
        end_date=None if data.current else data.end_date,
        current=data.current,
        description=clean_block(data.description),
        highlights=[clean_block(h) for h in data.highlights if h.strip()],
        url=data.url.strip(),
        source=data.source,
    )
    exp.skill_links = _skill_rows(res, data.skills, ExperienceSkill)
    return exp


def _merge_experience(exp: Experience, data: ExperienceInput) -> None:
    """Fill the existing experience's empty fields; add new highlights."""
    for field in ("location", "description", "url"):
        if not getattr(exp, field) and getattr(data, field):
            setattr(exp, field, getattr(data, field).strip())
    if exp.end_date is None and not exp.current and data.end_date is not None:
        exp.end_date = data.end_date
    exp.highlights = list(
        dict.fromkeys([*exp.highlights, *(h for h in data.highlights if h.strip())])
    )


def _attachments(cred: Credential, bundle_item: Any) -> None:
    for att in bundle_item.attachments:
        cred.attachments.append(
            CredentialAttachment(
                filename=att.filename[:300],
                media_type=att.media_type,
                sha256=att.sha256,
                data=att.data,
            )
        )


def apply_import(
    session: Session,
    plan: ImportPlan,
    actions: dict[int, str] | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write `plan` (with per-item `actions` overriding the planned ones) into the session."""
    actions = actions or {}
    report = progress or (lambda done, total, message: None)
    total = len(plan.items)
    created = plan.learner_id is None
    portfolio_bundle = next((b for b in plan.bundles if b.portfolio is not None), None)
    if portfolio_bundle is not None:
        try:
            learner_id = portfolio_transfer.load_learner(
                session, portfolio_bundle.portfolio or {}, name=plan.learner_name
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ImportFailed(
                portfolio_bundle.source, f"the file is inconsistent ({exc})"
            ) from None
        report(total, total, "done")
        cred_count = (
            session.scalar(
                select(func.count(Credential.id)).where(Credential.learner_id == learner_id)
            )
            or 0
        )
        exp_count = (
            session.scalar(
                select(func.count(Experience.id)).where(Experience.learner_id == learner_id)
            )
            or 0
        )
        return ImportSummary(learner_id, plan.learner_name, True, cred_count, 0, 0, exp_count, 0, 0)

    if plan.learner_id is None:
        profile = next((b.learner for b in plan.bundles if b.learner is not None), None)
        data = (
            replace(profile, name=plan.learner_name, languages=())
            if profile
            else LearnerInput(name=plan.learner_name)
        )
        learner_id = learner_service.create_learner(session, data)
    else:
        learner_id = plan.learner_id
        learner = session.get(Learner, learner_id)
        profile = next((b.learner for b in plan.bundles if b.learner is not None), None)
        if learner is not None and profile is not None:
            for field in ("headline", "email", "phone", "location", "website", "summary"):
                if not getattr(learner, field) and getattr(profile, field):
                    setattr(learner, field, getattr(profile, field).strip())
    res = _Resolver(session)
    cred_pos = (
        session.scalar(
            select(func.coalesce(func.max(Credential.position), -1) + 1).where(
                Credential.learner_id == learner_id
            )
        )
        or 0
    )
    exp_pos = (
        session.scalar(
            select(func.coalesce(func.max(Experience.position), -1) + 1).where(
                Experience.learner_id == learner_id
            )
        )
        or 0
    )
    have_langs = {
        fold(x)
        for x in session.scalars(
            select(LearnerLanguage.language).where(LearnerLanguage.learner_id == learner_id)
        )
    }
    lang_pos = len(have_langs)
    have_skills = set(
        session.scalars(select(LearnerSkill.skill_id).where(LearnerSkill.learner_id == learner_id))
    )
    added = merged = skipped = exps = skills = langs = 0
    pending: list[Any] = []
    batch: list[tuple[dict[str, Any], Any]] = []
    items = iter(plan.items)
    done = 0
    for bundle in plan.bundles:
        for cred_item in bundle.credentials:
            item = next(items)
            action = actions.get(item.key, item.action)
            if action == SKIP:
                skipped += 1
            elif action == MERGE and item.duplicate_of is not None:
                existing = session.get(Credential, item.duplicate_of)
                if existing is not None:
                    _merge_into(res, existing, cred_item.data)
                    _attachments(existing, cred_item)
                    merged += 1
            else:
                # Resolve skills before the batch insert so lookups never flush half a batch.
                for link in cred_item.data.skills:
                    res.skill(link)
                batch.append(
                    (_credential_values(res, learner_id, cred_pos, cred_item.data), cred_item)
                )
                cred_pos += 1
                added += 1
            done += 1
            if len(batch) >= 1000:
                _insert_credentials(session, res, batch)
                batch.clear()
                report(done, total, f"{done:,} of {total:,}")
        for exp_data in bundle.experiences:
            item = next(items)
            action = actions.get(item.key, item.action)
            if action == SKIP:
                skipped += 1
            elif action == MERGE and item.duplicate_of is not None:
                existing_exp = session.get(Experience, item.duplicate_of)
                if existing_exp is not None:
                    _merge_experience(existing_exp, exp_data)
                    merged += 1
            else:
                pending.append(_new_experience(res, learner_id, exp_pos, exp_data))
                exp_pos += 1
                exps += 1
            done += 1
        for skill in bundle.skills:
            next(items)
            skill_id = res.skill(SkillLinkInput(label=skill.label, uri=skill.uri, source="import"))
            if skill_id not in have_skills:
                have_skills.add(skill_id)
                pending.append(
                    LearnerSkill(
                        learner_id=learner_id, skill_id=skill_id, level=skill.level, note=skill.note
                    )
                )
                skills += 1
            done += 1
        for language in bundle.languages:
            next(items)
            key = fold(language.language)
            if key and key not in have_langs:
                have_langs.add(key)
                pending.append(
                    LearnerLanguage(
                        learner_id=learner_id,
                        language=clean_line(language.language),
                        fluency=clean_line(language.fluency),
                        position=lang_pos,
                    )
                )
                lang_pos += 1
                langs += 1
            done += 1
    _insert_credentials(session, res, batch)
    session.add_all(pending)
    try:
        session.flush()
    except ValidationError as exc:  # pragma: no cover - inputs were validated in the plan
        raise ImportFailed(plan.bundles[0].source, str(exc)) from None
    report(total, total, "done")
    return ImportSummary(
        learner_id, plan.learner_name, created, added, merged, skipped, exps, skills, langs
    )
