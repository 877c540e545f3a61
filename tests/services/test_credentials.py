"""Credential invariants and round trips, without Qt."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.dates import PartialDate
from portfolio.errors import ValidationError
from portfolio.models import CredentialKind, CredentialStatus, CreditUnit, SkillLevel
from portfolio.services import credentials, learners
from portfolio.services.records import (
    CredentialInput,
    LearnerInput,
    SkillLinkInput,
    effective_status,
    expiring_soon,
)
from portfolio.services.validation import check_credential


def make_learner(db, name: str = "Zoë Łukasz-Żółć") -> int:
    with db.session() as s:
        return learners.create_learner(s, LearnerInput(name=name))


def cred(**fields) -> CredentialInput:
    fields.setdefault("title", "Digital Marketing Bootcamp")
    fields.setdefault("kind", CredentialKind.BOOTCAMP)
    return CredentialInput(**fields)


def test_round_trip_keeps_every_field_and_precision(db) -> None:
    learner = make_learner(db)
    data = cred(
        issuer="Alacrity Canada",
        start_date=PartialDate(2020, 8),
        end_date=PartialDate(2020, 10, 16),
        expiry_date=PartialDate(2030),
        credit_value=1.5,
        credit_unit=CreditUnit.CEU,
        verification_url="https://example.org/verify/1",
        description="Line one\nLine two",
        skills=(SkillLinkInput("Branding", SkillLevel.PROFICIENT, "capstone brand book"),),
    )
    with db.session() as s:
        cred_id = credentials.create_credential(s, learner, data)
    with db.read_session() as s:
        record = credentials.get_credential(s, cred_id)
    assert record.to_input().skills[0].label == "Branding"
    assert record.start_date == PartialDate(2020, 8)
    assert record.end_date == PartialDate(2020, 10, 16)
    assert record.expiry_date == PartialDate(2030)
    assert record.description == "Line one\nLine two"
    assert record.skill_links[0].level is SkillLevel.PROFICIENT
    assert record.skill_links[0].evidence_note == "capstone brand book"
    assert record.issuer == "Alacrity Canada"


def test_a_100k_character_description_survives_a_save(db) -> None:
    learner = make_learner(db)
    text = ("Samantha’s bootcamp notes — " * 4000)[:100_000]
    with db.session() as s:
        cred_id = credentials.create_credential(s, learner, cred(description=text))
    with db.read_session() as s:
        assert credentials.get_credential(s, cred_id).description == text.rstrip()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Title is required"),
        ({"credit_value": -1.0}, "credit_value", "cannot be negative"),
        ({"credit_value": float("nan")}, "credit_value", "must be a number"),
        ({"verification_url": "javascript:alert(1)"}, "verification_url", "http"),
        ({"verification_url": "file:///etc/passwd"}, "verification_url", "http"),
        (
            {"start_date": PartialDate(2021, 5), "end_date": PartialDate(2020)},
            "end_date",
            "before the start date",
        ),
        ({"title": "x\ud800y"}, "title", "invalid characters"),
        # The limits of one record (services/validation.py), named in the message.
        (
            {"verification_url": "https://e.org/" + "v" * 2_000},
            "verification_url",
            "Verification URL is too long (2,014 characters; the limit is 2,000)",
        ),
        (
            {"skills": tuple(SkillLinkInput(label=f"s{i}") for i in range(201))},
            "skills",
            "Too many skills (201; the limit is 200)",
        ),
        ({"tags": ("t",) * 101}, "tags", "Too many tags (101; the limit is 100)"),
        (
            {"evidence_links": ("https://e.org/",) * 101},
            "evidence_links",
            "Too many evidence links (101; the limit is 100)",
        ),
        ({"tags": ("t" * 1_001,)}, "tags[0]", "Tag is too long"),
    ],
)
def test_blocking_problems_name_their_field_and_save_nothing(db, fields, field, message) -> None:
    learner = make_learner(db)
    with pytest.raises(ValidationError) as info, db.session() as s:
        credentials.create_credential(s, learner, cred(**fields))
    assert info.value.problems[0].field == field
    assert message in info.value.problems[0].message
    with db.read_session() as s:
        assert credentials.list_credentials(s, learner) == []


def test_expiry_before_issue_and_far_future_are_kept_but_flagged(db) -> None:
    learner = make_learner(db)
    data = cred(end_date=PartialDate(2021, 6), expiry_date=PartialDate(2020, 1))
    with db.session() as s:
        cred_id = credentials.create_credential(s, learner, data)
    with db.read_session() as s:
        record = credentials.get_credential(s, cred_id)
    assert record.expiry_date == PartialDate(2020, 1)
    assert any("Expiry is before the issue date" in flag for flag in record.flags)
    far = check_credential(cred(end_date=PartialDate(2090)), today=dt.date(2026, 1, 1))
    assert [p.blocking for p in far] == [False]


def test_stacking_into_itself_or_another_learners_credential_is_refused(db) -> None:
    a, b = make_learner(db, "A"), make_learner(db, "B")
    with db.session() as s:
        ba = credentials.create_credential(s, a, cred(title="BA", kind=CredentialKind.DEGREE))
        course = credentials.create_credential(s, a, cred(title="Writing", stacks_into_id=ba))
        other = credentials.create_credential(s, b, cred(title="B's degree"))
    with pytest.raises(ValidationError, match="cannot stack into itself"), db.session() as s:
        credentials.update_credential(s, ba, cred(title="BA", stacks_into_id=course))
    with pytest.raises(ValidationError, match="this learner's credentials"), db.session() as s:
        credentials.create_credential(s, a, cred(stacks_into_id=other))


def test_duplicate_skills_are_refused_and_same_label_reuses_one_skill(db) -> None:
    learner = make_learner(db)
    with pytest.raises(ValidationError, match="listed twice"), db.session() as s:
        credentials.create_credential(
            s, learner, cred(skills=(SkillLinkInput("SEO"), SkillLinkInput("seo ")))
        )
    with db.session() as s:
        one = credentials.create_credential(s, learner, cred(skills=(SkillLinkInput("Résumé"),)))
        two = credentials.create_credential(s, learner, cred(skills=(SkillLinkInput("resume"),)))
    with db.read_session() as s:
        a = credentials.get_credential(s, one).skill_links[0]
        b = credentials.get_credential(s, two).skill_links[0]
    assert a.skill_id == b.skill_id


def test_effective_status_and_expiry_window() -> None:
    today = dt.date(2026, 11, 29)
    assert (
        effective_status(CredentialStatus.COMPLETED, PartialDate(2026, 11, 28), today) == "expired"
    )
    assert effective_status(CredentialStatus.COMPLETED, PartialDate(2026, 11), today) == "completed"
    assert expiring_soon(PartialDate(2027, 2, 26), today)
    assert not expiring_soon(PartialDate(2027, 2, 28), today)
    assert not expiring_soon(PartialDate(2026, 10), today)


def test_deleting_a_learner_cascades(db) -> None:
    from sqlalchemy import func, select

    from portfolio.models import Credential, CredentialSkill

    learner = make_learner(db)
    with db.session() as s:
        credentials.create_credential(s, learner, cred(skills=(SkillLinkInput("Branding"),)))
    with db.session() as s:
        learners.delete_learner(s, learner)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Credential)) == 0
        assert s.scalar(select(func.count()).select_from(CredentialSkill)) == 0


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(min_size=1, max_size=300), description=st.text(max_size=2000))
def test_any_text_either_saves_exactly_or_is_refused_cleanly(
    db, title: str, description: str
) -> None:
    learner = make_learner(db, "Prop")
    try:
        with db.session() as s:
            cred_id = credentials.create_credential(
                s, learner, cred(title=title, description=description)
            )
    except ValidationError as exc:
        assert exc.problems
        return
    with db.read_session() as s:
        record = credentials.get_credential(s, cred_id)
    assert record.title == " ".join(title.split())


def test_a_learner_and_an_experience_have_the_same_kind_of_limits() -> None:
    from portfolio.services.records import ExperienceInput, LearnerInput, Link
    from portfolio.services.validation import check_experience, check_learner

    links = tuple(Link("x", "https://e.org/") for _ in range(51))
    (problem,) = check_learner(LearnerInput(name="Zoë", links=links))
    assert problem.message == "Too many links (51; the limit is 50)"
    (problem,) = check_learner(LearnerInput(name="Zoë", website="https://e.org/" + "a" * 2_000))
    assert problem.message.startswith("Website is too long")
    (problem,) = check_experience(ExperienceInput(title="Job", highlights=("h",) * 201))
    assert problem.message == "Too many highlights (201; the limit is 200)"
    assert check_experience(ExperienceInput(title="Job", highlights=("h",) * 200)) == []
