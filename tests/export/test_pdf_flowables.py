"""The Paragraph that remembers its last line breaking changes speed, never the PDF."""

from __future__ import annotations

import pytest

from portfolio.db import Database
from portfolio.export.document import build_document
from portfolio.export.flowables import Paragraph
from portfolio.export.pdf import render_pdf
from portfolio.export.templates import THEMES
from portfolio.services.cv_content import load_cv_content
from portfolio.services.learners import list_learners


def _render_all(demo_db: Database) -> list[bytes]:
    with demo_db.read_session() as session:
        contents = [load_cv_content(session, x.id) for x in list_learners(session)]
    return [
        render_pdf(build_document(content), template=template, page_size=size, invariant=True)
        for content in contents
        for template in THEMES
        for size in ("letter", "a4")
    ]


def test_every_demo_cv_is_byte_identical_with_and_without_the_memory(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    remembered = _render_all(demo_db)
    monkeypatch.setattr(Paragraph, "remember", False)
    assert _render_all(demo_db) == remembered
    assert len(remembered) == 3 * len(THEMES) * 2 and all(
        pdf.startswith(b"%PDF") for pdf in remembered
    )


def test_a_new_width_breaks_the_lines_again() -> None:
    from reportlab.lib.styles import ParagraphStyle

    paragraph = Paragraph("word " * 60, ParagraphStyle("body", fontSize=10, leading=12))
    _, narrow = paragraph.wrap(100, 1000)
    assert paragraph.wrap(100, 1000) == (100, narrow)  # remembered
    _, wide = paragraph.wrap(400, 1000)
    assert wide < narrow and paragraph.width == 400
    assert len(paragraph.blPara.lines) * 12 == wide
    assert paragraph.wrap(100, 1000) == (100, narrow) and paragraph.width == 100
    assert paragraph.wrap(0, 1000)[0] == 0  # no room: as ReportLab says
