"""ORM classes only: no queries beyond trivial properties, no Qt."""

from portfolio.models.base import (
    AssessmentType,
    Base,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    CvItemState,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    Importance,
    OrgKind,
    PathwayRule,
    SkillLevel,
    SkillSource,
    VerificationStatus,
)
from portfolio.models.counselling import SessionAction, SessionNote
from portfolio.models.credential import Credential, CredentialAttachment, Recognition
from portfolio.models.cv import CvVariant, CvVariantItem
from portfolio.models.experience import Experience
from portfolio.models.goals import (
    LearnerTargetRole,
    Pathway,
    PathwayItem,
    Program,
    ProgramSkill,
    RoleSkill,
    TargetRole,
)
from portfolio.models.learner import Learner, LearnerLanguage, Organization
from portfolio.models.meta import AppMeta
from portfolio.models.skill import CredentialSkill, ExperienceSkill, LearnerSkill, Skill

__all__ = [
    "AppMeta",
    "AssessmentType",
    "Base",
    "Credential",
    "CredentialAttachment",
    "CredentialKind",
    "CredentialSkill",
    "CredentialStatus",
    "CreditUnit",
    "CvItemState",
    "CvVariant",
    "CvVariantItem",
    "DeliveryMode",
    "DurationUnit",
    "Experience",
    "ExperienceKind",
    "ExperienceSkill",
    "Importance",
    "Learner",
    "LearnerLanguage",
    "LearnerSkill",
    "LearnerTargetRole",
    "OrgKind",
    "Organization",
    "Pathway",
    "PathwayItem",
    "PathwayRule",
    "Program",
    "ProgramSkill",
    "Recognition",
    "RoleSkill",
    "SessionAction",
    "SessionNote",
    "Skill",
    "SkillLevel",
    "SkillSource",
    "TargetRole",
    "VerificationStatus",
]
