"""The CV document (plain data) built from a portfolio, before any typography."""

from __future__ import annotations

import datetime as dt

from portfolio.db import Database
from portfolio.export.document import CvLink, build_document, is_linkable, unshaped_text
from portfolio.models import CvItemState
from portfolio.services.cv_content import load_cv_content
from portfolio.services.cv_variants import ItemChoice, Tailoring, propose_tailoring
from portfolio.services.learners import find_learner

TODAY = dt.date(2026, 11, 29)


def _content(db: Database, name: str):  # type: ignore[no-untyped-def]
    with db.read_session() as session:
        return load_cv_content(session, find_learner(session, name).id)


def test_samantha_has_every_section_in_order(demo_db: Database) -> None:
    doc = build_document(_content(demo_db, "Samantha Kolb"), today=TODAY)
    assert doc.header.name == "Samantha Kolb"
    assert doc.meta.title == "Samantha Kolb — CV"
    assert doc.experience[0].title == "Digital Marketing Assistant"
    assert doc.experience[0].dates == "Nov 2020 – present"
    assert [e.title for e in doc.education] == [
        "Master of Global Affairs",
        "Bachelor of Arts, Political Science and International Development",
    ]
    cert = next(
        e for g in doc.credentials for e in g.entries if e.title.startswith("Microsoft Certified")
    )
    assert "Credential ID AZ900-EXAMPLE-0042" in cert.details
    assert "Valid until 15 Dec 2026" in cert.details
    assert cert.link is not None and cert.link.clickable
    google = next(e for g in doc.credentials for e in g.entries if e.title.startswith("Google"))
    assert "Expired 10 May 2025" in google.details


def test_every_printed_skill_is_backed_and_lists_its_evidence(demo_db: Database) -> None:
    doc = build_document(_content(demo_db, "Samantha Kolb"), today=TODAY)
    lines = {line.label: line for group in doc.skills for line in group.skills}
    assert lines["Marketing analytics"].level == "Proficient"
    assert "Google Analytics Certification" in lines["Marketing analytics"].evidence
    assert "Digital Marketing Assistant" in lines["Marketing analytics"].evidence
    assert all(line.evidence for line in lines.values())


def test_micro_courses_are_grouped_by_what_they_stack_into(demo_db: Database) -> None:
    doc = build_document(_content(demo_db, "Audrey Heath"), today=TODAY)
    (group,) = doc.credentials
    assert group.heading == "FASS Forward"
    assert group.summary.startswith("3 courses, 3 credits toward Bachelor of Arts, Communication")
    assert len(group.entries) == 3


def test_a_program_leads_its_own_stack_and_nothing_prints_twice(demo_db: Database) -> None:
    doc = build_document(_content(demo_db, "Daniel Moreau"), today=TODAY)
    titles = [
        e.title for g in doc.credentials for e in ([g.lead] if g.lead else []) + list(g.entries)
    ]
    assert len(titles) == len(set(titles))
    lead = next(g for g in doc.credentials if g.lead is not None)
    assert lead.lead is not None and lead.lead.title.startswith("MicroMasters")
    assert lead.summary == "4 courses (3 completed)"


def test_a_proposal_for_skills_hides_irrelevant_items_but_keeps_degrees(demo_db: Database) -> None:
    content = _content(demo_db, "Samantha Kolb")
    wanted = [
        link.skill_id
        for c in content.credentials
        for link in c.skill_links
        if link.label in ("Branding", "Marketing analytics")
    ]
    doc = build_document(content, propose_tailoring(content, wanted), today=TODAY)
    skills = [line.label for group in doc.skills for line in group.skills]
    assert skills[:2] == ["Marketing analytics", "Branding"] or skills[:2] == [
        "Branding",
        "Marketing analytics",
    ]
    assert "Microsoft Azure" not in skills
    certs = [e.title for g in doc.credentials for e in g.entries]
    assert certs[0] in ("Digital Marketing Bootcamp", "Google Analytics Certification")
    assert "Microsoft Certified: Azure Fundamentals" not in certs
    assert len(doc.education) == 2  # degrees stay
    assert [e.title for e in doc.experience] == ["Digital Marketing Assistant"]


def test_pinned_items_come_first_and_hidden_ones_vanish(demo_db: Database) -> None:
    content = _content(demo_db, "Samantha Kolb")
    research = next(e for e in content.experiences if e.title == "Research Assistant")
    intern = next(e for e in content.experiences if e.title.startswith("Reconciliation"))
    tailoring = Tailoring(
        items=(
            ItemChoice("experience", research.id, CvItemState.PINNED, 1),
            ItemChoice("experience", intern.id, CvItemState.HIDDEN),
        )
    )
    doc = build_document(content, tailoring, today=TODAY)
    assert [e.title for e in doc.experience] == [
        "Research Assistant",
        "Digital Marketing Assistant",
    ]


def test_only_web_and_mail_links_are_linkable() -> None:
    assert is_linkable("https://example.org/x")
    assert is_linkable("mailto:a@example.org")
    assert not is_linkable("javascript:alert(1)")
    assert not is_linkable("file:///etc/passwd")
    assert not is_linkable("https://")
    assert not CvLink("x", "tel:+1234").clickable


def test_scripts_that_cannot_be_shaped_are_found(demo_db: Database) -> None:
    doc = build_document(_content(demo_db, "Samantha Kolb"), today=TODAY)
    assert unshaped_text(doc) == []
    from dataclasses import replace

    arabic = replace(doc, summary="مرحبا")
    assert unshaped_text(arabic) == [("the CV", ["Arabic"])]


def test_absurd_stored_values_are_cut_to_what_a_cv_prints(demo_db: Database) -> None:
    """Values stored before the import limits (or by another tool) never reach the CV whole."""
    import dataclasses

    from portfolio.export.document import CV_TEXT

    content = _content(demo_db, "Samantha Kolb")
    first = content.credentials[0]
    link = first.skill_links[0]
    absurd = dataclasses.replace(
        first,
        title="T" * 5_000,
        verification_url="https://example.org/" + "v" * 200_000,
        description="word " * 300_000,
        skill_links=tuple(
            dataclasses.replace(link, skill_id=10_000 + i, label=f"Skill {i:05}")
            for i in range(1_000)
        ),
    )
    learner = dataclasses.replace(content.learner, website="https://e.org/" + "a" * 200_000)
    doc = build_document(
        dataclasses.replace(content, learner=learner, credentials=(absurd,)), today=TODAY
    )
    (entry,) = [*doc.education, *(e for group in doc.credentials for e in group.entries)]
    assert entry.title == "T" * 999 + "…"
    assert entry.link is None  # a cut address would lead nowhere: it is left out
    assert len(entry.description) == CV_TEXT and entry.description.endswith("…")
    printed = [line.label for group in doc.skills for line in group.skills]
    assert sum(label.startswith("Skill ") for label in printed) == 200
    assert not [c for c in doc.header.contacts if "aaaa" in c.text]


def test_sane_values_reach_the_cv_unchanged(demo_db: Database) -> None:
    from portfolio.export.document import _clamped

    content = _content(demo_db, "Samantha Kolb")
    assert _clamped(content) is content  # nothing copied when nothing is cut
