"""The light CV reader (stdlib sqlite3) returns exactly what the ORM reader returns."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.dates import PartialDate
from portfolio.db import Database
from portfolio.db.cv_read import load_cv_content_fast
from portfolio.db.stdlib_read import connect
from portfolio.enums import (
    AssessmentType,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    OrgKind,
    SkillLevel,
    VerificationStatus,
)
from portfolio.errors import NotFound, UserError
from portfolio.services.credentials import create_credential
from portfolio.services.cv_content import CvContent, load_cv_content
from portfolio.services.experience import create_experience
from portfolio.services.learners import create_learner, find_learner, list_learners
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LanguageEntry,
    LearnerInput,
    Link,
    RecognitionInput,
    SkillLinkInput,
)
from portfolio.services.skills import claim_skill

ESCO = "http://data.europa.eu/esco/skill/"


def _orm(database: Database, name: str) -> CvContent:
    with database.read_session() as session:
        return load_cv_content(session, find_learner(session, name).id)


def test_every_demo_learner_reads_the_same(demo_db: Database) -> None:
    with demo_db.read_session() as session:
        names = [learner.name for learner in list_learners(session)]
    assert len(names) == 3
    for name in names:
        fast = load_cv_content_fast(demo_db.path, name)
        assert fast == _orm(demo_db, name)
        assert fast.credentials and fast.experiences  # really compared something


@pytest.fixture
def hostile_db(db: Database) -> Database:
    """A learner whose portfolio uses every field, every date precision and awkward text."""
    with db.session() as s:
        lid = create_learner(
            s,
            LearnerInput(
                name="<b>Zoë</b> & 陳大文",
                headline="Data <i>analyst</i> &amp; 設計師",
                email="zoe@example.org",
                location="Montréal",
                website="https://example.org/?a=1&b=<2>",
                links=(Link("LinkedIn", "https://linkedin.com/in/zoe"), Link("GitHub", "")),
                summary="Line one\n\nLine <two> " + "x" * 100_000,
                cv_language="fr",
                languages=(LanguageEntry("Français", "native"), LanguageEntry("日本語", "basic")),
            ),
        )
        create_learner(s, LearnerInput(name="Zoe Other"))  # two more learners, left out
        create_learner(s, LearnerInput(name="Zoé Smith"))
        skills = (
            SkillLinkInput("Data analysis", SkillLevel.PROFICIENT, "Weekly <reports>"),
            SkillLinkInput("Use spreadsheets", SkillLevel.WORKING, uri=ESCO + "spreadsheets-1"),
            SkillLinkInput("统计学", SkillLevel.AWARENESS, source="import"),
        )
        degree = create_credential(
            s,
            lid,
            CredentialInput(
                "Bachelor of <Science>",
                CredentialKind.DEGREE,
                issuer="Université de Montréal",
                issuer_kind=OrgKind.UNIVERSITY,
                field_of_study="Statistics",
                start_date=PartialDate(2014),
                end_date=PartialDate(2018, 5),
                credit_value=120.0,
                credit_unit=CreditUnit.CREDITS,
                description="d" * 100_000,
                skills=skills,
            ),
        )
        cert = create_credential(
            s,
            lid,
            CredentialInput(
                "Analytics certificate",
                CredentialKind.CERTIFICATE,
                issuer="OERu",
                start_date=PartialDate(2020, 1, 15),
                end_date=PartialDate(2020, 6, 30),
                stacks_into_id=degree,
                duration_value=40.5,
                duration_unit=DurationUnit.HOURS,
                assessment=AssessmentType.PROJECT,
                assessment_note="Capstone & peer review",
                delivery_mode=DeliveryMode.ONLINE,
                evidence_links=("https://example.org/e1", "https://example.org/e2"),
                tags=("data", "統計"),
                recognitions=(
                    RecognitionInput(
                        "Thompson Rivers University",
                        program="BGS",
                        credit_value=3.0,
                        credit_unit=CreditUnit.CREDITS,
                        recognized_on=PartialDate(2021, 2),
                        note="transfer",
                    ),
                    RecognitionInput("Athabasca University", program="BA"),
                ),
                skills=tuple(reversed(skills)),
            ),
        )
        create_credential(  # a stacking chain: badge -> certificate -> degree
            s,
            lid,
            CredentialInput(
                "Badge: pivot tables",
                CredentialKind.DIGITAL_BADGE,
                issuer="Credly",
                end_date=PartialDate(2019),
                expiry_date=PartialDate(2020, 1),  # expired
                stacks_into_id=cert,
                verification_url="https://example.org/verify?id=1&x=<y>",
                credential_id="ABC-123",
                verification_status=VerificationStatus.STRUCTURE_VALID,
                verification_note="checked",
                skills=(SkillLinkInput("Data analysis", SkillLevel.EXPERT),),
            ),
        )
        create_credential(
            s,
            lid,
            CredentialInput(
                "In progress bootcamp",
                CredentialKind.BOOTCAMP,
                status=CredentialStatus.IN_PROGRESS,
                start_date=PartialDate(2024, 9),
            ),
        )
        create_experience(
            s,
            lid,
            ExperienceInput(
                "Analyst <intern>",
                organization="Acme & Sons",
                kind=ExperienceKind.INTERNSHIP,
                location="東京",
                start_date=PartialDate(2019, 6),
                current=True,
                description="Built <dashboards>",
                highlights=("Cut reporting time by half", "Mentored 2 interns"),
                url="https://acme.example",
                skills=skills[:2],
            ),
        )
        create_experience(s, lid, ExperienceInput("Volunteer", kind=ExperienceKind.VOLUNTEER))
        claim_skill(s, lid, "Public speaking", SkillLevel.PROFICIENT, "Toastmasters")
        claim_skill(s, lid, "Écriture", SkillLevel.AWARENESS)
    return db


def test_a_hostile_varied_portfolio_reads_the_same(hostile_db: Database) -> None:
    fast = load_cv_content_fast(hostile_db.path, "<b>zoe</b> & 陳大文")
    assert fast == _orm(hostile_db, "<b>Zoë</b> & 陳大文")
    # The comparison covered what the issue lists, not just empty tuples.
    assert len(fast.learner.summary) > 100_000
    assert fast.learner.languages[1] == LanguageEntry("日本語", "basic")
    assert [c.title for c in fast.credentials][:2] == [
        "Bachelor of <Science>",
        "Analytics certificate",
    ]
    cert = fast.credentials[1]
    assert cert.recognitions[0].recognized_on == PartialDate(2021, 2)
    assert cert.stacks_into_id == fast.credentials[0].id
    assert any(link.uri == ESCO + "spreadsheets-1" for link in cert.skill_links)
    assert fast.credentials[2].expiry_date == PartialDate(2020, 1)  # expired badge
    assert fast.experiences[0].current is True
    assert [c.label for c in fast.claimed_skills] == ["Écriture", "Public speaking"]


def test_learner_matching_and_errors_are_the_finders(hostile_db: Database) -> None:
    path = hostile_db.path
    assert load_cv_content_fast(path, "zoe other").learner.name == "Zoe Other"
    with pytest.raises(UserError, match="“ZOE” matches 3 learners: ") as fast_error:
        load_cv_content_fast(path, "ZOE")
    with hostile_db.read_session() as session, pytest.raises(UserError) as orm_error:
        find_learner(session, "ZOE")
    assert str(fast_error.value) == str(orm_error.value)
    with pytest.raises(NotFound, match="No learner called “Nobody”"):
        load_cv_content_fast(path, "Nobody")


def test_the_reader_cannot_write(hostile_db: Database) -> None:
    conn = connect(hostile_db.path)
    try:
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            conn.execute("DELETE FROM learner")
    finally:
        conn.close()


_dates = st.one_of(
    st.none(),
    st.builds(PartialDate, st.integers(1990, 2030)),
    st.builds(PartialDate, st.integers(1990, 2030), st.integers(1, 12)),
    st.builds(PartialDate, st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28)),
)
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
_credentials = st.builds(
    CredentialInput,
    title=_text.filter(str.strip),
    kind=st.sampled_from(CredentialKind),
    issuer=_text,
    start_date=_dates,
    end_date=_dates,
    expiry_date=_dates,
    status=st.sampled_from(CredentialStatus),
    credit_value=st.one_of(st.none(), st.floats(0, 500, allow_nan=False)),
    credit_unit=st.one_of(st.none(), st.sampled_from(CreditUnit)),
    description=_text,
    tags=st.lists(_text, max_size=3).map(tuple),
    skills=st.lists(
        st.builds(
            SkillLinkInput,
            label=st.sampled_from(["SQL", "Python", "Excel", "R"]),
            level=st.sampled_from(SkillLevel),
        ),
        max_size=4,
    ).map(tuple),
    recognitions=st.lists(
        st.builds(RecognitionInput, institution=_text, recognized_on=_dates), max_size=2
    ).map(tuple),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(_credentials, min_size=1, max_size=4))
def test_generated_credentials_read_the_same(db: Database, batch: list[CredentialInput]) -> None:
    with db.session() as s:
        learners = list_learners(s)
        lid = learners[0].id if learners else create_learner(s, LearnerInput(name="Gen"))
        for data in batch:
            try:
                with s.begin_nested():
                    create_credential(s, lid, data)
            except UserError:
                pass  # the validation refused it; both readers must still agree
    assert load_cv_content_fast(db.path, "Gen") == _orm(db, "Gen")
