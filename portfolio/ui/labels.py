"""How stored enum values read in the interface."""

from __future__ import annotations

from enum import StrEnum

from portfolio.enums import (
    AssessmentType,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    SkillLevel,
)

_SPECIAL = {
    CredentialKind.MICRO_CREDENTIAL: "Micro-credential",
    CredentialKind.MOOC: "MOOC",
    CredentialKind.PROFESSIONAL_CERTIFICATION: "Professional certification",
    CreditUnit.ECTS: "ECTS",
    CreditUnit.CEU: "CEU",
    DeliveryMode.IN_PERSON: "In person",
}


def label(value: StrEnum | None) -> str:
    if value is None:
        return ""
    if value in _SPECIAL:
        return _SPECIAL[value]
    return value.value.replace("_", " ").capitalize()


KIND_CHOICES = list(CredentialKind)
STATUS_CHOICES = list(CredentialStatus)
CREDIT_UNITS = list(CreditUnit)
DURATION_UNITS = list(DurationUnit)
ASSESSMENTS = list(AssessmentType)
DELIVERY_MODES = list(DeliveryMode)
EXPERIENCE_KINDS = list(ExperienceKind)
SKILL_LEVELS = list(SkillLevel)


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
