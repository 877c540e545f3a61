"""The action-plan PDF: where a learner stands against a role, and what they agreed to do.

`build_plan` gathers a plain `PlanDocument` from the services; `render_plan` turns it into PDF
bytes with ReportLab only. Every piece of user or catalog text goes through `markup.para()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from portfolio.export.flowables import PageTotalCanvas
from portfolio.export.fonts import BOLD, FAMILY, register_fonts
from portfolio.export.markup import para
from portfolio.services import expiry, learners, pathways, sessions
from portfolio.services.expiry_rules import ExpiryItem
from portfolio.services.gap import gap_report
from portfolio.services.goal_records import (
    ActionRecord,
    Coverage,
    GapReport,
    PathwayProgress,
)


@dataclass(frozen=True)
class PlanDocument:
    learner_name: str
    headline: str
    prepared_on: dt.date
    report: GapReport
    pathways: tuple[PathwayProgress, ...]
    actions: tuple[ActionRecord, ...]
    expiring: tuple[ExpiryItem, ...]


def build_plan(
    session: Session, learner_id: int, role_id: int, today: dt.date | None = None
) -> PlanDocument:
    """Everything the action plan shows, read in one session."""
    today = today or dt.date.today()
    learner = learners.get_learner(session, learner_id)
    return PlanDocument(
        learner_name=learner.name,
        headline=learner.headline,
        prepared_on=today,
        report=gap_report(session, learner_id, role_id, today, max_suggestions=8),
        pathways=tuple(pathways.pathway_progress(session, learner_id, today)),
        actions=tuple(sessions.list_actions(session, learner_id)),
        expiring=tuple(expiry.expiry_watch(session, learner_id, today)),
    )


# --- rendering ---------------------------------------------------------------------------------

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
ACCENT = colors.HexColor("#2a5d9f")
STATUS_COLOURS = {
    Coverage.COVERED: (colors.HexColor("#1e7b45"), colors.HexColor("#e6f4ea")),
    Coverage.PARTIAL: (colors.HexColor("#8a5a00"), colors.HexColor("#fdf3dc")),
    Coverage.MISSING: (colors.HexColor("#b3261e"), colors.HexColor("#fbe9e7")),
}
STATUS_WORDS = {
    Coverage.COVERED: "Covered",
    Coverage.PARTIAL: "Partly covered",
    Coverage.MISSING: "Missing",
}


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FAMILY, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "intro": ParagraphStyle(
            "intro", parent=base, fontSize=8.5, leading=11, textColor=MUTED, keepWithNext=1
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.8, leading=11.4),
        "cellsmall": ParagraphStyle(
            "cellsmall", parent=base, fontSize=8, leading=10.4, textColor=MUTED
        ),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=8, leading=10, textColor=MUTED
        ),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=24),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=11.5, leading=15, textColor=MUTED
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }


class CoverageBar(Flowable):  # type: ignore[misc]
    """A horizontal bar filled to the coverage score, with the figure beside it."""

    def __init__(self, score: float, width: float, height: float = 9) -> None:
        super().__init__()
        self.score = max(0.0, min(100.0, score))
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(colors.HexColor("#e4e7eb"))
        canvas.roundRect(0, 0, self.width, self.height, self.height / 2, stroke=0, fill=1)
        filled = self.width * self.score / 100
        if filled > 0:
            canvas.setFillColor(ACCENT)
            canvas.roundRect(0, 0, max(filled, self.height), self.height, self.height / 2, 0, 1)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(para(text), style)


def _bold(text: str, style: ParagraphStyle, colour: Any = None) -> Paragraph:
    inner = f"<b>{para(text)}</b>"
    if colour is not None:
        inner = f'<font color="{colour.hexval()}">{inner}</font>'
    return Paragraph(inner, style)


def _table(rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                *(extra or []),
            ]
        )
    )
    return table


def _number(value: float) -> str:
    return f"{value:g}"


def _gap_section(doc: PlanDocument, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    report = doc.report
    story: list[Any] = [_p(f"Skills for {report.role_name}", st["h2"])]
    if report.role_description:
        story += [_p(report.role_description, st["small"]), Spacer(1, 6)]
    score_row = Table(
        [
            [
                _bold(f"{report.score:.0f}%", st["title"]),
                CoverageBar(report.score, width * 0.45),
                _p(report.coverage_counts(), st["small"]),
            ]
        ],
        colWidths=[24 * mm, width * 0.45 + 6 * mm, None],
        hAlign="LEFT",
    )
    score_row.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [
        score_row,
        _p(report.coverage_rule(), st["small"]),
        Spacer(1, 8),
    ]
    rows: list[list[Any]] = [[_p(h, st["head"]) for h in ("SKILL", "NEEDED", "STATUS", "EVIDENCE")]]
    extra = []
    for index, line in enumerate(report.lines, start=1):
        ink, tint = STATUS_COLOURS[line.coverage]
        status = [_bold(STATUS_WORDS[line.coverage], st["cell"], ink)]
        if line.reason and line.coverage == Coverage.PARTIAL:
            status.append(_p(line.reason, st["cellsmall"]))
        evidence = [_p(e.describe(), st["cellsmall"]) for e in line.evidence[:3]]
        if len(line.evidence) > 3:
            evidence.append(_p(f"and {len(line.evidence) - 3} more", st["cellsmall"]))
        rows.append(
            [
                _p(line.label, st["cell"]),
                _p(f"{line.importance.value}, {line.min_level.value}", st["cellsmall"]),
                status,
                evidence or [_p("—", st["cellsmall"])],
            ]
        )
        extra.append(("BACKGROUND", (2, index), (2, index), tint))
    story.append(_table(rows, [0.25 * width, 0.15 * width, 0.17 * width, 0.43 * width], extra))
    return story


def _suggestions(doc: PlanDocument, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    story: list[Any] = [_p("Programs that would close the gap", st["h2"])]
    if not doc.report.suggestions:
        return [*story, _p("No program in the catalog teaches the missing skills.", st["base"])]
    story.append(
        _p(
            "Ranked by how much of the gap each closes per week of study; programs of unknown "
            "length come last.",
            st["intro"],
        )
    )
    rows: list[list[Any]] = [[_p(h, st["head"]) for h in ("#", "PROGRAM", "CLOSES", "LENGTH")]]
    for index, s in enumerate(doc.report.suggestions, start=1):
        program = s.program
        name = [_bold(program.name, st["cell"])]
        if program.provider_line:
            name.append(_p(program.provider_line, st["cellsmall"]))
        if program.stacks_toward:
            name.append(_p(f"Stacks toward: {program.stacks_toward}", st["cellsmall"]))
        length = program.duration_text or (
            f"{_number(program.duration_weeks)} weeks" if program.duration_weeks else "not known"
        )
        rows.append(
            [
                _p(str(index), st["cell"]),
                name,
                _p(", ".join(s.closes), st["cell"]),
                _p(length, st["cell"]),
            ]
        )
    story.append(_table(rows, [0.05 * width, 0.45 * width, 0.35 * width, 0.15 * width]))
    return story


def _pathways(doc: PlanDocument, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    if not doc.pathways:
        return []
    story: list[Any] = [_p("Pathway progress", st["h2"])]
    for pathway in doc.pathways:
        head = [_bold(pathway.name, st["base"])]
        if pathway.target:
            head.append(_p(f"Toward {pathway.target}", st["small"]))
        bar = Table(
            [
                [
                    CoverageBar(pathway.fraction * 100, width * 0.45, 7),
                    _p(pathway.summary(), st["small"]),
                ]
            ],
            colWidths=[width * 0.45 + 4 * mm, None],
            hAlign="LEFT",
        )
        bar.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        lines = []
        for item in pathway.items:
            credits = f" — {_number(item.credits)} credit(s)" if item.credits else ""
            state = "" if item.state == "done" else f" ({item.state})"
            label = "Done" if item.done else "To do"
            lines.append(_p(f"{label}: {item.title}{credits}{state}", st["small"]))
        story.append(KeepTogether([*head, Spacer(1, 2), bar, *lines, Spacer(1, 8)]))
    return story


def _actions(doc: PlanDocument, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    story: list[Any] = [_p("Agreed actions", st["h2"])]
    if not doc.actions:
        return [*story, _p("No actions agreed yet.", st["base"])]
    rows: list[list[Any]] = [[_p(h, st["head"]) for h in ("", "ACTION", "DUE", "DONE")]]
    for action in doc.actions:
        due = action.due_on.strftime("%-d %b %Y") if action.due_on else "—"
        done = (
            action.done_on.strftime("%-d %b %Y")
            if action.done_on
            else ("yes" if action.done else "")
        )
        overdue = action.overdue(doc.prepared_on)
        rows.append(
            [
                _p("Done" if action.done else ("Overdue" if overdue else "Open"), st["cellsmall"]),
                _p(action.text, st["cell"]),
                _p(due, st["cell"]),
                _p(done, st["cell"]),
            ]
        )
    story.append(_table(rows, [0.12 * width, 0.58 * width, 0.15 * width, 0.15 * width]))
    return story


def _expiring(doc: PlanDocument, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    if not doc.expiring:
        return []
    story: list[Any] = [_p("Credentials to renew", st["h2"])]
    for item in doc.expiring:
        issuer = f" ({item.issuer})" if item.issuer else ""
        story.append(_p(f"{item.title}{issuer}: {item.describe()}", st["base"]))
    return story


class _NumberedCanvas(PageTotalCanvas):
    """Draws the footer rule, the plan's name and "Page 2 of 3" on each page."""

    footer_text = ""

    def stamp(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        self.setFont(FAMILY, 7.5)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
        self.drawString(18 * mm, 10 * mm, self.footer_text)
        self.drawRightString(width - 18 * mm, 10 * mm, f"Page {number} of {total}")


def render_plan(doc: PlanDocument) -> bytes:
    """The action plan as PDF bytes (deterministic for the same document)."""
    import io

    st = _styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=f"Action plan — {doc.learner_name} — {doc.report.role_name}",
        author="Learner Portfolio",
        invariant=1,
    )
    width = template.width
    story: list[Any] = [
        _p("ACTION PLAN", st["head"]),
        Spacer(1, 2),
        _p(doc.learner_name, st["title"]),
        Spacer(1, 3),
        _p(f"Target role: {doc.report.role_name}", st["subtitle"]),
    ]
    if doc.headline:
        story.append(_p(doc.headline, st["small"]))
    story.append(_p(f"Prepared {doc.prepared_on.strftime('%-d %B %Y')}", st["small"]))
    story += _gap_section(doc, st, width)
    story += _suggestions(doc, st, width)
    story += _pathways(doc, st, width)
    story += _expiring(doc, st, width)
    story += _actions(doc, st, width)

    footer = f"{doc.learner_name} · action plan for {doc.report.role_name} · private"
    covered = register_fonts().codepoints
    if not all(ord(ch) in covered for ch in footer):
        # The footer is drawn directly (no per-character fallback): keep it to what the font has.
        footer = "Action plan · private"

    class Canvas_(_NumberedCanvas):
        footer_text = footer

    template.build(story, canvasmaker=Canvas_)
    return buffer.getvalue()
