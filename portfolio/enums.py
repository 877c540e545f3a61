"""The enums stored in the database, free of SQLAlchemy.

Records, validation, labels and the UI use these without loading the ORM;
`portfolio.models.base` (and `portfolio.models`) re-export them for the models and services.
"""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    UNIVERSITY = "university"
    COLLEGE = "college"
    POLYTECHNIC = "polytechnic"
    NONPROFIT = "nonprofit"
    EMPLOYER = "employer"
    MOOC_PLATFORM = "mooc_platform"
    VENDOR = "vendor"
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    OTHER = "other"


class CredentialKind(StrEnum):
    DEGREE = "degree"
    DIPLOMA = "diploma"
    CERTIFICATE = "certificate"
    BOOTCAMP = "bootcamp"
    MICRO_CREDENTIAL = "micro_credential"
    DIGITAL_BADGE = "digital_badge"
    MOOC = "mooc"
    PROGRAM = "program"
    COURSE = "course"
    PROFESSIONAL_CERTIFICATION = "professional_certification"
    LICENCE = "licence"


class CredentialStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"


class CreditUnit(StrEnum):
    CREDITS = "credits"
    ECTS = "ects"
    CEU = "ceu"
    HOURS = "hours"


class DurationUnit(StrEnum):
    HOURS = "hours"
    WEEKS = "weeks"


class AssessmentType(StrEnum):
    NONE = "none"
    EXAM = "exam"
    PROJECT = "project"
    PORTFOLIO = "portfolio"
    ASSIGNMENTS = "assignments"
    PRACTICAL = "practical"
    OTHER = "other"


class DeliveryMode(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"


class ExperienceKind(StrEnum):
    WORK = "work"
    VOLUNTEER = "volunteer"
    INTERNSHIP = "internship"
    PROJECT = "project"


class SkillLevel(StrEnum):
    """Ordered from weakest to strongest; `rank` compares them."""

    AWARENESS = "awareness"
    WORKING = "working"
    PROFICIENT = "proficient"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return list(SkillLevel).index(self) + 1


class SkillSource(StrEnum):
    BUILTIN = "builtin"
    ESCO = "esco"
    CUSTOM = "custom"
    IMPORTED = "imported"


class Importance(StrEnum):
    ESSENTIAL = "essential"
    OPTIONAL = "optional"


class VerificationStatus(StrEnum):
    NOT_VERIFIED = "not_verified"
    STRUCTURE_VALID = "structure_valid"
    SIGNATURE_VALID = "signature_valid"
    SIGNATURE_INVALID = "signature_invalid"
    INVALID = "invalid"


class PathwayRule(StrEnum):
    CREDITS = "credits"  # N credits from the listed items
    ALL_OF = "all_of"  # every listed item
    COUNTS_TOWARD = "counts_toward"  # items recognised toward a program (e.g. MicroMasters -> MBA)


class CvItemState(StrEnum):
    PINNED = "pinned"
    HIDDEN = "hidden"
    AUTO = "auto"
