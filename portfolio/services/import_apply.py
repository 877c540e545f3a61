"""Apply an import plan: bulk inserts in the caller's one transaction.

`apply_import` writes a plan made by `portfolio.services.import_service.plan_import` with bulk
inserts (organizations and skills are resolved once per name, rows are flushed together), so
10,000 certificates take seconds. It never commits: the caller's `with database.session()` makes
the whole import one transaction, and any error rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from portfolio.errors import ValidationError
from portfolio.importers.errors import ImportFailed
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
from portfolio.services.import_service import MERGE, SKIP, ImportPlan
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LearnerInput,
    SkillLinkInput,
)
from portfolio.services.skill_links import resolve_skill
from portfolio.text import clean_block, clean_line, fold

Progress = Callable[[int, int, str], None]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


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
        parts = [f"{_count(self.credentials_added, 'credential')} imported"]
        if self.credentials_merged:
            parts.append(f"{self.credentials_merged} merged")
        if self.duplicates_skipped:
            parts.append(f"{_count(self.duplicates_skipped, 'duplicate')} skipped")
        if self.experiences_added:
            parts.append(_count(self.experiences_added, "experience"))
        if self.skills_added:
            parts.append(_count(self.skills_added, "skill"))
        if self.languages_added:
            parts.append(_count(self.languages_added, "language"))
        who = ("new learner " if self.created_learner else "") + self.learner_name
        return f"{', '.join(parts)} for {who}"


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
        # Contact details fill an existing learner's blanks only from a file about them: a
        # file about someone else imported under this learner brings its credentials, not
        # the other person's e-mail or phone.
        if learner is not None and profile is not None and fold(profile.name) == fold(learner.name):
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
