"""What an importer produces: plain records ready for the import service, plus notes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from portfolio.enums import SkillLevel
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LanguageEntry,
    LearnerInput,
)


@dataclass(frozen=True)
class Attachment:
    """An original file kept with a credential for provenance."""

    filename: str
    media_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ImportedCredential:
    data: CredentialInput
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class ImportedSkill:
    """A skill the learner claims directly (JSON Resume skills, LinkedIn Skills.csv)."""

    label: str
    level: SkillLevel = SkillLevel.WORKING
    note: str = ""
    uri: str | None = None


@dataclass(frozen=True)
class ImportBundle:
    """Everything read from one file (or one LinkedIn export)."""

    source: str  # the file name, as shown to the user
    format: str  # "openbadges", "jsonresume", "linkedin", "csv", "portfolio"
    learner: LearnerInput | None = None
    credentials: tuple[ImportedCredential, ...] = ()
    experiences: tuple[ExperienceInput, ...] = ()
    skills: tuple[ImportedSkill, ...] = ()
    languages: tuple[LanguageEntry, ...] = ()
    notes: tuple[str, ...] = ()
    # How many records (rows, entries) the file held, where it is a list of them (CSV, LinkedIn):
    # each one is in the records above or in `skipped`, with the reason, so none goes unsaid.
    records: int | None = None
    skipped: tuple[str, ...] = ()
    # A portable portfolio file: the whole validated document (see importers.portfolio_file).
    portfolio: dict[str, Any] | None = field(default=None, compare=False)
