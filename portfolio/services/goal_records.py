"""Frozen records for goals and counselling: roles, programs, gap reports, pathways, sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from portfolio.dates import PartialDate
from portfolio.enums import (
    CredentialKind,
    CreditUnit,
    DeliveryMode,
    Importance,
    PathwayRule,
    SkillLevel,
    SkillSource,
)

# --- roles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleSkillInput:
    """A skill a role asks for, by taxonomy key, id or label."""

    label: str = ""
    importance: Importance = Importance.ESSENTIAL
    min_level: SkillLevel = SkillLevel.WORKING
    skill_id: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class RoleInput:
    name: str
    description: str = ""
    skills: tuple[RoleSkillInput, ...] = ()


@dataclass(frozen=True)
class RoleSkillRecord:
    skill_id: int
    label: str
    category: str
    importance: Importance
    min_level: SkillLevel
    key: str | None = None


@dataclass(frozen=True)
class RoleRecord:
    id: int
    name: str
    description: str
    source: SkillSource
    key: str | None
    skills: tuple[RoleSkillRecord, ...] = ()

    @property
    def essential(self) -> tuple[RoleSkillRecord, ...]:
        return tuple(s for s in self.skills if s.importance == Importance.ESSENTIAL)

    @property
    def optional(self) -> tuple[RoleSkillRecord, ...]:
        return tuple(s for s in self.skills if s.importance == Importance.OPTIONAL)

    def to_input(self) -> RoleInput:
        return RoleInput(
            name=self.name,
            description=self.description,
            skills=tuple(
                RoleSkillInput(
                    label=s.label,
                    importance=s.importance,
                    min_level=s.min_level,
                    skill_id=s.skill_id,
                )
                for s in self.skills
            ),
        )


@dataclass(frozen=True)
class UnknownSkill:
    """A skill name a role form gave that the taxonomy does not know, with close labels."""

    name: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleSummary:
    id: int
    name: str
    source: SkillSource
    essential_count: int
    optional_count: int


# --- programs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramInput:
    name: str
    provider: str = ""
    partners: tuple[str, ...] = ()
    url: str = ""
    duration_text: str = ""
    duration_weeks: float | None = None
    delivery_mode: DeliveryMode | None = None
    credential_kind: CredentialKind | None = None
    credit_value: float | None = None
    credit_unit: CreditUnit | None = None
    stacks_toward: str = ""
    audience: str = ""
    description: str = ""
    skills: tuple[str, ...] = ()  # taxonomy keys or labels


@dataclass(frozen=True)
class ProgramRecord:
    id: int
    key: str | None
    name: str
    provider: str
    partners: tuple[str, ...]
    url: str
    duration_text: str
    duration_weeks: float | None
    delivery_mode: DeliveryMode | None
    credential_kind: CredentialKind | None
    credit_value: float | None
    credit_unit: CreditUnit | None
    stacks_toward: str
    audience: str
    description: str
    source: SkillSource
    skill_ids: tuple[int, ...] = ()
    skill_labels: tuple[str, ...] = ()

    @property
    def provider_line(self) -> str:
        """ "Vancouver Community College with UBC, Microsoft Canada"."""
        if self.partners:
            return f"{self.provider} with {', '.join(self.partners)}".strip()
        return self.provider


# --- gap analysis ------------------------------------------------------------------------------


class Coverage(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    MISSING = "missing"


@dataclass(frozen=True)
class Evidence:
    """One thing behind a skill: a credential, an experience, or a bare claim."""

    kind: str  # "credential", "experience", "claim"
    title: str
    level: SkillLevel
    date: PartialDate | None = None
    note: str = ""  # "expired", "in progress", "claimed without evidence"
    counts: bool = True  # False for evidence that cannot cover a skill on its own

    def describe(self) -> str:
        parts = [self.title, self.level.value]
        if self.note == "current" and self.date is not None:
            parts.append(f"since {self.date.display()}")
        else:
            if self.date is not None:
                parts.append(self.date.display())
            if self.note:
                parts.append(self.note)
        return " · ".join(parts)


@dataclass(frozen=True)
class GapLine:
    skill_id: int
    label: str
    importance: Importance
    min_level: SkillLevel
    coverage: Coverage
    best_level: SkillLevel | None
    reason: str  # short why, for partial and missing lines
    evidence: tuple[Evidence, ...] = ()

    @property
    def weight(self) -> float:
        return ESSENTIAL_WEIGHT if self.importance == Importance.ESSENTIAL else OPTIONAL_WEIGHT

    @property
    def earned(self) -> float:
        if self.coverage == Coverage.COVERED:
            return self.weight
        if self.coverage == Coverage.PARTIAL:
            return self.weight * PARTIAL_CREDIT
        return 0.0


ESSENTIAL_WEIGHT = 2.0
OPTIONAL_WEIGHT = 1.0
PARTIAL_CREDIT = 0.5


@dataclass(frozen=True)
class ProgramSuggestion:
    program: ProgramRecord
    closes: tuple[str, ...]  # labels of the role skills it teaches that are missing or partial
    gap_points: float  # weight of the gap it closes (see gap.py)
    per_week: float | None  # gap points per week of study; None when the duration is unknown


@dataclass(frozen=True)
class GapReport:
    learner_id: int
    learner_name: str
    role_id: int
    role_name: str
    role_description: str
    lines: tuple[GapLine, ...]
    score: float  # 0..100
    suggestions: tuple[ProgramSuggestion, ...]

    def with_coverage(self, coverage: Coverage) -> tuple[GapLine, ...]:
        return tuple(line for line in self.lines if line.coverage == coverage)

    @property
    def points(self) -> tuple[float, float]:
        """(earned, possible): the points behind the score (see gap.py for the weights)."""
        return sum(line.earned for line in self.lines), sum(line.weight for line in self.lines)

    def coverage_headline(self) -> str:
        """ "43% coverage", the figure every front end shows."""
        return f"{self.score:.0f}% coverage"

    def coverage_counts(self) -> str:
        """ "4 covered · 2 partly covered · 9 missing"."""
        return " · ".join(
            f"{len(self.with_coverage(coverage))} {word}"
            for coverage, word in (
                (Coverage.COVERED, "covered"),
                (Coverage.PARTIAL, "partly covered"),
                (Coverage.MISSING, "missing"),
            )
        )

    def coverage_rule(self) -> str:
        """How the counts make the figure, in words: "9.5 of 22 points: an essential skill …"."""
        if not self.lines:
            return "This role lists no skills yet, so there is nothing to cover."
        earned, possible = self.points
        return (
            f"{earned:g} of {possible:g} points: an essential skill is worth "
            f"{ESSENTIAL_WEIGHT:g} points and an optional one {OPTIONAL_WEIGHT:g}; "
            "a partly covered skill earns half its points."
        )


# --- pathways ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathwayItemInput:
    credential_id: int | None = None
    planned_title: str = ""
    credit_value: float | None = None


@dataclass(frozen=True)
class PathwayInput:
    name: str
    rule: PathwayRule = PathwayRule.CREDITS
    target_credential_id: int | None = None
    target_title: str = ""
    program_id: int | None = None
    credits_required: float | None = None
    credit_unit: CreditUnit | None = None
    note: str = ""
    items: tuple[PathwayItemInput, ...] = ()


@dataclass(frozen=True)
class PathwayItemStatus:
    title: str
    credential_id: int | None
    credits: float | None
    done: bool
    state: str  # "done", "in progress", "planned", "expired"


@dataclass(frozen=True)
class PathwayProgress:
    pathway_id: int | None  # None for a pathway derived from stacking
    name: str
    rule: PathwayRule
    target: str
    credits_earned: float
    credits_required: float | None
    credit_unit: CreditUnit | None
    items: tuple[PathwayItemStatus, ...]
    note: str = ""

    @property
    def derived(self) -> bool:
        return self.pathway_id is None

    @property
    def items_done(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def left(self) -> tuple[PathwayItemStatus, ...]:
        return tuple(item for item in self.items if not item.done)

    @property
    def fraction(self) -> float:
        """0..1: credits for a credits rule with a requirement, else items done."""
        if self.rule == PathwayRule.CREDITS and self.credits_required:
            return min(1.0, self.credits_earned / self.credits_required)
        if not self.items:
            return 0.0
        return self.items_done / len(self.items)

    @property
    def complete(self) -> bool:
        return self.fraction >= 1.0

    def summary(self) -> str:
        """ "3 of 3 credits" or "3 of 6 courses done"."""
        unit = self.credit_unit.value if self.credit_unit else "credits"
        if self.rule == PathwayRule.CREDITS:
            earned = _num(self.credits_earned)
            if self.credits_required:
                return f"{earned} of {_num(self.credits_required)} {unit}"
            return f"{earned} {unit} earned"
        return f"{self.items_done} of {len(self.items)} done"


def _num(value: float) -> str:
    return f"{value:g}"


# --- expiry and sessions -----------------------------------------------------------------------


@dataclass(frozen=True)
class NoteRecord:
    id: int
    learner_id: int
    held_on: dt.date
    body: str


@dataclass(frozen=True)
class ActionRecord:
    id: int
    learner_id: int
    text: str
    due_on: dt.date | None
    done: bool
    done_on: dt.date | None
    note_id: int | None

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today
