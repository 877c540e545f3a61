"""The action-plan PDF: content, order, names printed exactly, page numbers."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from portfolio.export.plan_pdf import build_plan, render_plan
from portfolio.models import CredentialKind
from portfolio.services import credentials, learners, roles, sessions
from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput

TODAY = dt.date(2026, 11, 29)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _plan(db, learner: str, role: str) -> bytes:
    with db.read_session() as s:
        doc = build_plan(
            s, learners.find_learner(s, learner).id, roles.find_role(s, role).id, TODAY
        )
    return render_plan(doc)


def test_plan_has_gap_rows_programs_pathways_and_actions_in_order(demo_db) -> None:
    text = _plan(demo_db, "Samantha Kolb", "Digital Marketing Coordinator")
    text = _text(text)
    assert text.index("Samantha Kolb") < text.index("Target role: Digital Marketing Coordinator")
    for row in ("Branding", "Marketing analytics", "Email marketing", "Web analytics"):
        assert row in text
    assert "Covered" in text and "Partly covered" in text and "Missing" in text
    assert (
        text.index("Skills for Digital Marketing Coordinator")
        < text.index("Programs that would close the gap")
        < text.index("Agreed actions")
    )
    assert "Google Digital Marketing" in text
    assert "Take the renewal assessment for Microsoft Certified: Azure" in text
    assert "10 Dec 2026" in text
    assert "expires 15 Dec 2026 (in 16 days)" in text
    assert "Page 1 of" in text


def test_plan_shows_pathway_progress(demo_db) -> None:
    text = _text(_plan(demo_db, "Daniel Moreau", "Supply Chain Analyst"))
    assert "Pathway progress" in text
    assert "MITx MicroMasters toward the Royal Roads MBA" in text
    assert "3 of 6 done" in text
    assert "To do: SC4x: Supply Chain Technology and Systems (planned)" in text


def test_names_with_diacritics_print_exactly_and_markup_stays_literal(db) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        learner = learners.create_learner(s, LearnerInput(name="Zoë Łukasz-Żółć"))
        credentials.create_credential(
            s,
            learner,
            CredentialInput(
                title="<b>Cloud</b> & Azure basics",
                kind=CredentialKind.COURSE,
                skills=(SkillLinkInput(label="Microsoft Azure"),),
            ),
        )
        sessions.add_action(s, learner, "Book <i>the</i> AZ-104 exam", dt.date(2027, 1, 5))
    text = _text(_plan(db, "Zoë Łukasz-Żółć", "Cloud Administrator"))
    assert "Zoë Łukasz-Żółć" in text
    assert "<b>Cloud</b> & Azure basics" in text
    assert "Book <i>the</i> AZ-104 exam" in text


def test_same_plan_gives_the_same_bytes(demo_db) -> None:
    assert _plan(demo_db, "Audrey Heath", "Communications Officer") == _plan(
        demo_db, "Audrey Heath", "Communications Officer"
    )


def test_plan_does_not_suggest_the_writing_micro_course_audrey_completed(demo_db) -> None:
    text = _text(_plan(demo_db, "Audrey Heath", "Communications Officer"))
    programs = text[text.index("Programs that would close the gap") :]
    assert "Accredited in Public Relations" in programs
    assert "FASS Forward micro-course: Writing" not in text


def test_plan_states_the_same_coverage_figure_and_rule_as_the_report(demo_db) -> None:
    from portfolio.services.gap import gap_report

    with demo_db.read_session() as s:
        report = gap_report(
            s,
            learners.find_learner(s, "Samantha Kolb").id,
            roles.find_role(s, "Digital Marketing Coordinator").id,
            TODAY,
        )
    text = " ".join(_text(_plan(demo_db, "Samantha Kolb", "Digital Marketing Coordinator")).split())
    assert f"{report.score:.0f}%" in text
    assert report.coverage_counts() in text
    assert report.coverage_rule() in text
