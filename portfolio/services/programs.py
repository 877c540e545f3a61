"""The program catalog (resources/programs/programs.json) and programs the user adds.

The shipped catalog leaves unknown facts empty (null in the file): no duration, no credit value
or no web address means "not known", and the app shows nothing rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from portfolio.assets import read_json
from portfolio.errors import FieldProblem, NotFound, ValidationError
from portfolio.models import (
    Credential,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    DeliveryMode,
    Organization,
    Program,
    ProgramSkill,
    Skill,
    SkillLevel,
    SkillSource,
)
from portfolio.services.goal_records import ProgramInput, ProgramRecord
from portfolio.services.records import SkillLinkInput, effective_status
from portfolio.services.shipped_data import is_outdated, record_version
from portfolio.services.skill_links import resolve_skill
from portfolio.services.taxonomy import ensure_builtin_taxonomy
from portfolio.services.validation import _text_problems, number_problem, url_problem
from portfolio.text import clean_block, clean_line, fold

VERSION_KEY = "builtin_programs_version"


@cache
def builtin_programs() -> dict[str, Any]:
    data: dict[str, Any] = read_json("programs", "programs.json")
    return data


def needs_programs(session: Session) -> bool:
    return is_outdated(session, VERSION_KEY, builtin_programs()["version"])


def _enum(kind: Any, value: Any) -> Any:
    return kind(value) if value else None


def ensure_program_catalog(
    session: Session, progress: Callable[[int, int], None] | None = None
) -> bool:
    """Load or upgrade the built-in catalog; return False when it was already current.

    Programs are matched by key; programs the user added are never touched.
    """
    ensure_builtin_taxonomy(session)
    if not needs_programs(session):
        return False
    data = builtin_programs()
    # (Result has a .keys() method, so dict(result) would misread it as a mapping.)
    skills = {
        key: skill_id
        for key, skill_id in session.execute(
            select(Skill.key, Skill.id).where(Skill.key.is_not(None))
        )
    }
    by_key = {p.key: p for p in session.scalars(select(Program).where(Program.key.is_not(None)))}
    total = len(data["programs"])
    updated: list[tuple[Program, dict[str, Any]]] = []
    for index, item in enumerate(data["programs"]):
        program = by_key.get(item["key"])
        if program is None:
            program = Program(key=item["key"], name=item["name"])
            session.add(program)
        program.name = item["name"]
        program.provider = item.get("provider") or ""
        program.partners = list(item.get("partners") or [])
        program.url = item.get("url") or ""
        program.duration_text = item.get("duration_text") or ""
        program.duration_weeks = item.get("duration_weeks")
        program.delivery_mode = _enum(DeliveryMode, item.get("delivery_mode"))
        program.credential_kind = _enum(CredentialKind, item.get("credential_kind"))
        program.credit_value = item.get("credit_value")
        program.credit_unit = _enum(CreditUnit, item.get("credit_unit"))
        program.stacks_toward = item.get("stacks_toward") or ""
        program.audience = item.get("audience") or ""
        program.description = item.get("description") or ""
        program.source = SkillSource.BUILTIN
        updated.append((program, item))
        if progress and index % 20 == 0:
            progress(index, total)
    session.flush()
    # Skills are replaced in bulk: one DELETE and one INSERT rather than a flush per program.
    session.execute(
        delete(ProgramSkill).where(ProgramSkill.program_id.in_([p.id for p, _i in updated]))
    )
    rows = []
    for program, item in updated:
        seen: set[int] = set()
        for key in item.get("skills") or []:
            skill_id = skills.get(key)
            if skill_id is None or skill_id in seen:
                continue
            seen.add(skill_id)
            rows.append(
                {"program_id": program.id, "skill_id": skill_id, "level": SkillLevel.WORKING}
            )
    if rows:
        session.execute(insert(ProgramSkill), rows)
    for program, _item in updated:
        session.expire(program, ["skills"])
    record_version(session, VERSION_KEY, data["version"])
    return True


def _record(program: Program) -> ProgramRecord:
    links = sorted(program.skills, key=lambda link: link.skill.label_key)
    return ProgramRecord(
        id=program.id,
        key=program.key,
        name=program.name,
        provider=program.provider,
        partners=tuple(program.partners or ()),
        url=program.url,
        duration_text=program.duration_text,
        duration_weeks=program.duration_weeks,
        delivery_mode=program.delivery_mode,
        credential_kind=program.credential_kind,
        credit_value=program.credit_value,
        credit_unit=program.credit_unit,
        stacks_toward=program.stacks_toward,
        audience=program.audience,
        description=program.description,
        source=program.source,
        skill_ids=tuple(link.skill_id for link in links),
        skill_labels=tuple(link.skill.label for link in links),
    )


def list_programs(session: Session) -> list[ProgramRecord]:
    """Every program with its skills, by name (two queries)."""
    programs = session.scalars(
        select(Program).options(selectinload(Program.skills).selectinload(ProgramSkill.skill))
    )
    return sorted((_record(p) for p in programs), key=lambda p: (fold(p.name), p.id))


def programs_teaching(session: Session, skill_ids: set[int]) -> list[ProgramRecord]:
    """Programs that teach at least one of `skill_ids`."""
    if not skill_ids:
        return []
    ids = set(
        session.scalars(select(ProgramSkill.program_id).where(ProgramSkill.skill_id.in_(skill_ids)))
    )
    if not ids:
        return []
    programs = session.scalars(
        select(Program)
        .where(Program.id.in_(ids))
        .options(selectinload(Program.skills).selectinload(ProgramSkill.skill))
    )
    return [_record(p) for p in programs]


def get_program(session: Session, program_id: int) -> ProgramRecord:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"Program #{program_id} no longer exists.")
    return _record(program)


def find_program(session: Session, name: str) -> ProgramRecord | None:
    """A program by name, case and accents ignored."""
    wanted = fold(name)
    for program in list_programs(session):
        if fold(program.name) == wanted:
            return program
    return None


def find_program_by_key(session: Session, key: str) -> int | None:
    """The id of a catalog program by its stable key, or None."""
    return session.scalar(select(Program.id).where(Program.key == key))


def check_program(data: ProgramInput) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not data.name.strip():
        problems.append(FieldProblem("name", "Program name is required"))
    problems += _text_problems(
        {
            "name": ("Program name", data.name, 1_000),
            "provider": ("Provider", data.provider, 300),
            "duration_text": ("Duration", data.duration_text, 200),
            "stacks_toward": ("Stacks toward", data.stacks_toward, 1_000),
            "audience": ("Audience", data.audience, 5_000),
            "description": ("Description", data.description, 100_000),
        }
    )
    for field, label, number in (
        ("duration_weeks", "Duration in weeks", data.duration_weeks),
        ("credit_value", "Credits", data.credit_value),
    ):
        if number is None:
            continue
        if p := number_problem(field, label, number, maximum=10_000):
            problems.append(p)
        elif number <= 0 and field == "duration_weeks":
            problems.append(FieldProblem(field, f"{label} must be more than zero"))
    if p := url_problem("url", "Web address", data.url):
        problems.append(p)
    return problems


def add_program(session: Session, data: ProgramInput) -> int:
    """Add a program of the user's own to the catalog; skills are taxonomy keys or labels."""
    problems = check_program(data)
    if problems:
        raise ValidationError(problems)
    program = Program(
        name=clean_line(data.name),
        provider=clean_line(data.provider),
        partners=[clean_line(p) for p in data.partners if p.strip()],
        url=data.url.strip(),
        duration_text=clean_line(data.duration_text),
        duration_weeks=data.duration_weeks,
        delivery_mode=data.delivery_mode,
        credential_kind=data.credential_kind,
        credit_value=data.credit_value,
        credit_unit=data.credit_unit,
        stacks_toward=clean_line(data.stacks_toward),
        audience=clean_block(data.audience),
        description=clean_block(data.description),
        source=SkillSource.CUSTOM,
    )
    session.add(program)
    session.flush()
    seen: set[int] = set()
    for name in data.skills:
        skill = session.scalar(select(Skill).where(Skill.key == name)) or resolve_skill(
            session, SkillLinkInput(label=name)
        )
        if skill.id not in seen:
            seen.add(skill.id)
            program.skills.append(ProgramSkill(skill=skill))
    session.flush()
    return program.id


def skill_program_index(programs: list[ProgramRecord]) -> dict[int, list[ProgramRecord]]:
    """Programs by the skills they teach."""
    index: dict[int, list[ProgramRecord]] = defaultdict(list)
    for program in programs:
        for skill_id in program.skill_ids:
            index[skill_id].append(program)
    return index


# Words that say what kind of learning a title names, not which one: "FASS Forward micro-course:
# Writing" in the catalog is the credential "FASS Forward: Writing".
_KIND_WORDS = frozenset(
    {
        "course",
        "courses",
        "micro",
        "microcourse",
        "credential",
        "microcredential",
        "certificate",
        "certification",
        "program",
        "programme",
    }
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_WORDS = re.compile(r"\w+")


def _title_key(title: str) -> str:
    """A title folded, without its parentheses and kind words: what two names of one program share."""
    words = _WORDS.findall(fold(_PARENTHESES.sub(" ", title)))
    return " ".join(w for w in words if w not in _KIND_WORDS)


def _org_words(name: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(fold(name)))


def _same_org(issuer: str, program: ProgramRecord) -> bool:
    """Whether an issuer is the program's provider or a partner: all the words of the shorter name
    are in the longer ("Simon Fraser University" and "Simon Fraser University (Faculty of Arts)").
    An unknown issuer or provider does not tell them apart."""
    if not issuer.strip() or not program.provider.strip():
        return True
    mine = _org_words(issuer)
    for name in (program.provider, *program.partners):
        theirs = _org_words(name)
        if mine and theirs and (mine <= theirs or theirs <= mine):
            return True
    return False


def programs_taken(
    session: Session, learner_id: int, programs: Iterable[ProgramRecord], today: dt.date
) -> set[int]:
    """Ids of those `programs` the learner has completed or is taking, so not to suggest again.

    A credential is a program when their titles agree once folded and stripped of parentheses and
    kind words ("micro-course", "certificate"...), and its issuer is the program's provider or a
    partner (or either is unknown). Only credentials completed or in progress count: a program
    whose credential has expired can be suggested again, to renew it.
    """
    rows = session.execute(
        select(Credential.title, Credential.status, Credential.expiry_date, Organization.name)
        .outerjoin(Organization, Organization.id == Credential.issuer_id)
        .where(Credential.learner_id == learner_id)
    )
    held: dict[str, list[str]] = defaultdict(list)
    for title, status, expiry, issuer in rows:
        if effective_status(status, expiry, today) in (
            CredentialStatus.COMPLETED,
            CredentialStatus.IN_PROGRESS,
        ):
            held[_title_key(title)].append(issuer or "")
    return {
        program.id
        for program in programs
        if any(_same_org(issuer, program) for issuer in held.get(_title_key(program.name), ()))
    }
