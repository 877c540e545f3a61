"""Suggestions on the article's programs are the skills a counsellor would pick."""

import pytest

from portfolio.services.suggest import suggest_skills
from portfolio.services.taxonomy import ensure_builtin_taxonomy

FASS = "One-month, one-credit practical micro-course from the FASS Forward pilot."


@pytest.fixture
def taxonomy_db(db):
    with db.session() as s:
        ensure_builtin_taxonomy(s)
    return db


def suggest(db, title, description="", issuer="", tags=(), **kw) -> list:
    with db.read_session() as s:
        return suggest_skills(s, title, description, issuer, tags, **kw)


def test_digital_marketing_bootcamp(taxonomy_db) -> None:
    found = suggest(
        taxonomy_db,
        "Digital Marketing Bootcamp",
        "Eight-week online bootcamp run with the South Island Prosperity Partnership and the "
        "B.C. government: a targeted set of skills in branding, analytics and content "
        "distribution.",
        "Alacrity Canada",
    )
    top = [s.label for s in found[:6]]
    assert {"Branding", "Marketing analytics", "Content distribution"} <= set(top)
    # Unrelated skills do not dominate: the top five are digital-marketing skills.
    assert all(s.category == "Digital marketing" for s in found[:5])
    assert "Data analytics" not in top


def test_canada_skills_program_azure(taxonomy_db) -> None:
    found = suggest(
        taxonomy_db,
        "Canada Skills Program: Microsoft Azure",
        "Continuing-studies training in Microsoft Azure cloud computing, delivered with "
        "Microsoft Canada.",
        "Vancouver Community College",
    )
    assert [s.label for s in found[:2]] == ["Microsoft Azure", "Cloud computing"]
    assert all(s.category == "Cloud computing & Microsoft Azure" for s in found)
    assert suggest(taxonomy_db, "Canada Skills Program: Microsoft Azure")[0].label == (
        "Microsoft Azure"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("FASS Forward: Writing", "Writing"),
        ("FASS Forward: Public Speaking", "Public speaking"),
        ("FASS Forward: Conflict Negotiation", "Conflict negotiation"),
    ],
)
def test_fass_forward_micro_courses(taxonomy_db, title, expected) -> None:
    found = suggest(taxonomy_db, title, FASS, "Simon Fraser University")
    assert found[0].label == expected
    assert len(found) <= 3  # a short, focused list, not the whole taxonomy
    assert found[0].reason == f"title mentions “{expected}”"


def test_tags_and_typos_count(taxonomy_db) -> None:
    assert suggest(taxonomy_db, "Brandng workshop")[0].label == "Branding"
    found = suggest(taxonomy_db, "Evening class", tags=("SEO",))
    assert found[0].label == "Search engine optimization"


def test_already_linked_skills_are_left_out(taxonomy_db) -> None:
    first = suggest(taxonomy_db, "FASS Forward: Writing", FASS)
    again = suggest(taxonomy_db, "FASS Forward: Writing", FASS, exclude=[first[0].skill_id])
    assert first[0].skill_id not in {s.skill_id for s in again}


def test_text_about_nothing_suggests_nothing(taxonomy_db) -> None:
    assert suggest(taxonomy_db, "Online course", "A one-month course.", "University") == []
