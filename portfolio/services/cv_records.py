"""What a CV is made of, as frozen records: no SQLAlchemy, so the PDF export can load without it.

`portfolio.services.cv_content` (ORM) and `portfolio.db.cv_read` (stdlib sqlite3) both return a
`CvContent`; `portfolio.services.cv_variants` re-exports the tailoring records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from portfolio.enums import CredentialKind, CvItemState, SkillLevel
from portfolio.services.records import CredentialRecord, ExperienceRecord, LearnerRecord


@dataclass(frozen=True)
class ClaimedSkill:
    """A skill the learner chose to claim directly, with no credential or experience behind it."""

    skill_id: int
    label: str
    category: str
    level: SkillLevel
    note: str = ""


@dataclass(frozen=True)
class CvContent:
    learner: LearnerRecord
    credentials: tuple[CredentialRecord, ...]
    experiences: tuple[ExperienceRecord, ...]
    claimed_skills: tuple[ClaimedSkill, ...] = ()


ItemKind = Literal["credential", "experience", "skill"]
ITEM_KINDS: tuple[ItemKind, ...] = ("credential", "experience", "skill")
# Credentials of these kinds form the Education section; they are never hidden automatically,
# because a CV without its degrees reads as a gap, whatever the target role.
EDUCATION_KINDS = frozenset({CredentialKind.DEGREE, CredentialKind.DIPLOMA})


@dataclass(frozen=True)
class ItemChoice:
    """The state of one item in a variant; `position` orders items of one kind (lower first)."""

    kind: ItemKind
    ref_id: int
    state: CvItemState = CvItemState.AUTO
    position: int = 0


@dataclass(frozen=True)
class Tailoring:
    """What a CV shows and in what order: a saved variant, a proposal, or nothing (everything)."""

    focus_skill_ids: tuple[int, ...] = ()
    items: tuple[ItemChoice, ...] = ()

    def choice(self, kind: ItemKind, ref_id: int) -> ItemChoice | None:
        for item in self.items:
            if item.kind == kind and item.ref_id == ref_id:
                return item
        return None

    def states(self, kind: ItemKind) -> dict[int, ItemChoice]:
        return {item.ref_id: item for item in self.items if item.kind == kind}
