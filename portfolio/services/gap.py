"""Skill-gap analysis: where a learner stands against a target role, and what would close the gap.

Each skill the role asks for is one of:

- **covered**: a completed, unexpired credential or an experience shows the skill at the role's
  minimum level (default "working") or above;
- **partly covered**: there is something, but not enough: the best current evidence is below the
  minimum level, or the skill is only *claimed* (a learner skill with no credential or experience
  behind it), or it is only shown by credentials that have *expired* or are still *in progress*;
- **missing**: nothing at all.

Essential skills come before optional ones. The **coverage score** (0-100) weighs an essential
skill 2 and an optional skill 1; a covered skill earns its full weight, a partly covered one
half. A role with no skills scores 0.

**Suggested programs** are catalog programs that teach at least one missing or partly covered
skill. The gap a program closes is the weight still missing on those skills (the full weight of
a missing skill, the remaining half of a partial one). Programs are ranked by gap closed **per
week of study**; programs whose duration is unknown cannot be compared that way, so they come
after every program with a known duration, ordered by the gap they close. Ties go to the program
closing more, then by name. A program the learner has completed or is taking (a credential of
theirs that is that program, see programs.programs_taken) is not suggested again; one whose
credential has expired is, since renewing it closes a gap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.errors import NotFound
from portfolio.models import (
    Credential,
    CredentialSkill,
    CredentialStatus,
    Experience,
    ExperienceSkill,
    Learner,
    LearnerSkill,
    SkillLevel,
)
from portfolio.services.goal_records import (
    ESSENTIAL_WEIGHT,
    OPTIONAL_WEIGHT,
    PARTIAL_CREDIT,
    Coverage,
    Evidence,
    GapLine,
    GapReport,
    ProgramRecord,
    ProgramSuggestion,
)
from portfolio.services.programs import programs_taken, programs_teaching
from portfolio.services.records import effective_status
from portfolio.services.roles import get_role
from portfolio.text import fold

__all__ = ["ESSENTIAL_WEIGHT", "OPTIONAL_WEIGHT", "PARTIAL_CREDIT", "gap_report", "rank_programs"]


def _evidence(
    session: Session, learner_id: int, skill_ids: set[int], today: dt.date
) -> dict[int, list[Evidence]]:
    """Everything behind each of `skill_ids` for a learner, in three queries."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    if not skill_ids:
        return found
    creds = session.execute(
        select(
            CredentialSkill.skill_id,
            CredentialSkill.level,
            Credential.title,
            Credential.status,
            Credential.start_date,
            Credential.end_date,
            Credential.expiry_date,
        )
        .join(Credential, Credential.id == CredentialSkill.credential_id)
        .where(Credential.learner_id == learner_id, CredentialSkill.skill_id.in_(skill_ids))
    )
    for skill_id, level, title, status, start, end, expiry in creds:
        state = effective_status(status, expiry, today)
        note = ""
        if state == CredentialStatus.EXPIRED:
            note = f"expired {expiry.display()}" if expiry else "expired"
        elif state == CredentialStatus.IN_PROGRESS:
            note = "in progress"
        found[skill_id].append(
            Evidence(
                kind="credential",
                title=title,
                level=level,
                date=end or start,
                note=note,
                counts=state == CredentialStatus.COMPLETED,
            )
        )
    jobs = session.execute(
        select(
            ExperienceSkill.skill_id,
            ExperienceSkill.level,
            Experience.title,
            Experience.start_date,
            Experience.end_date,
            Experience.current,
        )
        .join(Experience, Experience.id == ExperienceSkill.experience_id)
        .where(Experience.learner_id == learner_id, ExperienceSkill.skill_id.in_(skill_ids))
    )
    for skill_id, level, title, start, end, current in jobs:
        found[skill_id].append(
            Evidence(
                kind="experience",
                title=title,
                level=level,
                date=start if current else (end or start),
                note="current" if current else "",
            )
        )
    claims = session.execute(
        select(LearnerSkill.skill_id, LearnerSkill.level).where(
            LearnerSkill.learner_id == learner_id, LearnerSkill.skill_id.in_(skill_ids)
        )
    )
    for skill_id, level in claims:
        found[skill_id].append(
            Evidence(
                kind="claim",
                title="Claimed by the learner",
                level=level,
                note="no credential or experience behind it",
                counts=False,
            )
        )
    for items in found.values():
        items.sort(
            key=lambda e: (
                not e.counts,
                -e.level.rank,
                -(e.date.last_day().toordinal() if e.date else 0),
            )
        )
    return found


def _classify(
    min_level: SkillLevel, evidence: list[Evidence]
) -> tuple[Coverage, SkillLevel | None, str]:
    if not evidence:
        return Coverage.MISSING, None, "no evidence"
    counted = [e for e in evidence if e.counts]
    if counted:
        best = max(counted, key=lambda e: e.level.rank).level
        if best.rank >= min_level.rank:
            return Coverage.COVERED, best, ""
        return Coverage.PARTIAL, best, f"{best.value}; {min_level.value} needed"
    best = max(evidence, key=lambda e: e.level.rank).level
    kinds = {e.kind for e in evidence}
    notes = {e.note.split(" ")[0] for e in evidence if e.kind == "credential"}
    if kinds == {"claim"}:
        reason = "claimed without evidence"
    elif notes == {"expired"}:
        reason = "only expired credentials"
    elif notes == {"in"}:
        reason = "still in progress"
    else:
        reason = "no current evidence"
    return Coverage.PARTIAL, best, reason


def rank_programs(
    lines: tuple[GapLine, ...], programs: list[ProgramRecord]
) -> list[ProgramSuggestion]:
    """Programs that close some of the gap, best value per week of study first (see module doc)."""
    open_lines = {line.skill_id: line for line in lines if line.coverage != Coverage.COVERED}
    suggestions = []
    for program in programs:
        closes = [open_lines[s] for s in program.skill_ids if s in open_lines]
        if not closes:
            continue
        points = sum(line.weight - line.earned for line in closes)
        weeks = program.duration_weeks
        per_week = points / weeks if weeks and weeks > 0 else None
        order = {id(line): i for i, line in enumerate(lines)}
        closes.sort(key=lambda line: order[id(line)])
        suggestions.append(
            ProgramSuggestion(
                program=program,
                closes=tuple(line.label for line in closes),
                gap_points=points,
                per_week=per_week,
            )
        )
    suggestions.sort(
        key=lambda s: (
            s.per_week is None,
            -(s.per_week or 0.0),
            -s.gap_points,
            fold(s.program.name),
        )
    )
    return suggestions


def gap_report(
    session: Session,
    learner_id: int,
    role_id: int,
    today: dt.date | None = None,
    max_suggestions: int | None = 10,
) -> GapReport:
    """The gap between a learner and a role, with the programs that would close it."""
    today = today or dt.date.today()
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise NotFound(f"Learner #{learner_id} no longer exists.")
    role = get_role(session, role_id)
    skill_ids = {s.skill_id for s in role.skills}
    evidence = _evidence(session, learner_id, skill_ids, today)
    lines = []
    for skill in role.skills:  # essential first, then optional (get_role orders them)
        items = evidence.get(skill.skill_id, [])
        coverage, best, reason = _classify(skill.min_level, items)
        lines.append(
            GapLine(
                skill_id=skill.skill_id,
                label=skill.label,
                importance=skill.importance,
                min_level=skill.min_level,
                coverage=coverage,
                best_level=best,
                reason=reason,
                evidence=tuple(items),
            )
        )
    total = sum(line.weight for line in lines)
    score = 100.0 * sum(line.earned for line in lines) / total if total else 0.0
    open_ids = {line.skill_id for line in lines if line.coverage != Coverage.COVERED}
    teaching = programs_teaching(session, open_ids)
    taken = programs_taken(session, learner_id, teaching, today)
    candidates = [p for p in teaching if p.id not in taken]
    suggestions = rank_programs(tuple(lines), candidates)
    if max_suggestions is not None:
        suggestions = suggestions[:max_suggestions]
    return GapReport(
        learner_id=learner_id,
        learner_name=learner.name,
        role_id=role.id,
        role_name=role.name,
        role_description=role.description,
        lines=tuple(lines),
        score=score,
        suggestions=tuple(suggestions),
    )
