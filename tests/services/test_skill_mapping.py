"""Mapping invariants: no duplicate links, merges keep every link and the strongest level,
deleting a credential removes its evidence, the profile tells what backs each skill."""

from sqlalchemy import func, select

from portfolio.dates import PartialDate
from portfolio.models import Credential, CredentialSkill, LearnerSkill, Skill, SkillLevel
from portfolio.services import credentials, experience, learners
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LearnerInput,
    SkillLinkInput,
)
from portfolio.services.skills import (
    claim_skill,
    get_or_create_skill,
    link_skill,
    merge_skills,
    skill_profile,
    unlink_skill,
)


def make_learner(s, name="Ann") -> int:
    return learners.create_learner(s, LearnerInput(name=name))


def make_credential(s, learner: int, title="Bootcamp", end="2020-10", skills=()) -> int:
    return credentials.create_credential(
        s,
        learner,
        CredentialInput(
            title=title, kind="bootcamp", end_date=PartialDate.parse(end), skills=tuple(skills)
        ),
    )


def test_linking_the_same_skill_twice_updates_instead_of_duplicating(db) -> None:
    with db.session() as s:
        cred = make_credential(s, make_learner(s))
        first = link_skill(s, "credential", cred, SkillLinkInput("Branding"))
        again = link_skill(
            s, "credential", cred, SkillLinkInput("  branding ", level=SkillLevel.EXPERT)
        )
        assert first == again
        links = s.scalars(select(CredentialSkill)).all()
        assert len(links) == 1 and links[0].level is SkillLevel.EXPERT
        assert unlink_skill(s, "credential", cred, first) is True
        assert unlink_skill(s, "credential", cred, first) is False


def test_merge_moves_every_link_and_claim_and_keeps_the_strongest_level(db) -> None:
    with db.session() as s:
        ann, bob = make_learner(s, "Ann"), make_learner(s, "Bob")
        c1 = make_credential(
            s, ann, "One", skills=[SkillLinkInput("Negotiation", SkillLevel.EXPERT)]
        )
        c2 = make_credential(
            s,
            ann,
            "Two",
            skills=[
                SkillLinkInput("Negotiation", SkillLevel.AWARENESS),
                SkillLinkInput("Negotiating", SkillLevel.WORKING),
            ],
        )
        job = experience.create_experience(
            s, bob, ExperienceInput(title="Mediator", skills=(SkillLinkInput("Negotiating"),))
        )
        claim_skill(s, bob, "Negotiating", SkillLevel.PROFICIENT)
        keep = get_or_create_skill(s, "Negotiation").id
        gone = get_or_create_skill(s, "Negotiating").id
        # c1 only had the kept skill, c2 had both, the experience and the claim only the other.
        result = merge_skills(s, keep, gone)
    assert result.moved_links == 3
    with db.read_session() as s:
        assert s.get(Skill, gone) is None
        assert "Negotiating" in s.get(Skill, keep).alt_labels
        levels = dict(s.execute(select(CredentialSkill.credential_id, CredentialSkill.level)).all())
        assert levels == {c1: SkillLevel.EXPERT, c2: SkillLevel.WORKING}
        assert [e.skill_id for e in experience.get_experience(s, job).skill_links] == [keep]
        claim = s.scalars(select(LearnerSkill)).one()
        assert (claim.skill_id, claim.level) == (keep, SkillLevel.PROFICIENT)


def test_deleting_a_credential_removes_its_evidence(db) -> None:
    with db.session() as s:
        ann = make_learner(s)
        cred = make_credential(s, ann, skills=[SkillLinkInput("Branding")])
    with db.session() as s:
        credentials.delete_credential(s, cred)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(CredentialSkill)) == 0
        assert skill_profile(s, ann).entries == ()
        assert s.scalar(select(func.count()).select_from(Credential)) == 0


def test_profile_lists_evidence_strongest_level_latest_date_and_unbacked_claims(db) -> None:
    with db.session() as s:
        ann = make_learner(s)
        make_credential(s, ann, "Old", "2016", [SkillLinkInput("Writing", SkillLevel.WORKING)])
        make_credential(s, ann, "New", "2021-03", [SkillLinkInput("Writing", SkillLevel.EXPERT)])
        experience.create_experience(
            s,
            ann,
            ExperienceInput(
                title="Tutor",
                start_date=PartialDate.parse("2022"),
                current=True,
                skills=(SkillLinkInput("Writing", SkillLevel.AWARENESS),),
            ),
        )
        claim_skill(s, ann, "Juggling", SkillLevel.EXPERT)
        claim_skill(s, ann, "Writing", SkillLevel.AWARENESS)
    with db.read_session() as s:
        profile = skill_profile(s, ann)
    by_label = {e.label: e for e in profile.entries}
    writing, juggling = by_label["Writing"], by_label["Juggling"]
    assert [e.title for e in writing.evidence] == ["Old", "New", "Tutor"]
    assert writing.strongest_level is SkillLevel.EXPERT
    assert writing.latest_date == PartialDate.parse("2021-03")
    assert writing.latest_text() == "present"
    assert not writing.unbacked
    assert juggling.unbacked and juggling.evidence_count == 0
    assert profile.entries[0].label == "Writing"  # most evidence first
