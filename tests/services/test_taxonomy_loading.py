"""The built-in taxonomy loads once, upgrades in place, and adopts skills typed earlier."""

from sqlalchemy import func, select

from portfolio.models import AppMeta, Skill, SkillSource
from portfolio.services import credentials, learners
from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput
from portfolio.services.taxonomy import (
    VERSION_KEY,
    builtin_taxonomy,
    ensure_builtin_taxonomy,
    needs_taxonomy,
)


def test_taxonomy_is_large_enough_and_includes_skills_for_success() -> None:
    data = builtin_taxonomy()
    assert len(data["skills"]) >= 400
    sfs = [s for s in data["skills"] if s["category"] == "skills-for-success"]
    assert len(sfs) == 9


def test_loading_is_idempotent(db) -> None:
    with db.session() as s:
        assert ensure_builtin_taxonomy(s) is True
    with db.session() as s:
        assert ensure_builtin_taxonomy(s) is False
        count = s.scalar(select(func.count()).select_from(Skill))
    assert count == len(builtin_taxonomy()["skills"])


def test_a_custom_skill_with_a_builtin_label_is_adopted_not_duplicated(db) -> None:
    with db.session() as s:
        learner = learners.create_learner(s, LearnerInput(name="Ann"))
        cred = credentials.create_credential(
            s,
            learner,
            CredentialInput(
                title="Bootcamp", kind="bootcamp", skills=(SkillLinkInput("branding"),)
            ),
        )
    with db.session() as s:
        ensure_builtin_taxonomy(s)
    with db.read_session() as s:
        link = credentials.get_credential(s, cred).skill_links[0]
        skill = s.get(Skill, link.skill_id)
        assert skill is not None
        assert skill.source is SkillSource.BUILTIN
        assert skill.label == "Branding"
        assert s.scalar(select(func.count()).where(Skill.label_key == "branding")) == 1


def test_an_older_loaded_version_is_upgraded(db) -> None:
    with db.session() as s:
        ensure_builtin_taxonomy(s)
        meta = s.get(AppMeta, VERSION_KEY)
        assert meta is not None
        meta.value = "2000.1.1"
    with db.session() as s:
        assert needs_taxonomy(s)
        assert ensure_builtin_taxonomy(s) is True
        assert not needs_taxonomy(s)
