"""Render a `CvDocument` to PDF bytes with ReportLab.

Layout rules every template follows:
- one column in reading order (applicant tracking systems read it top to bottom);
- an entry (title, dates, details, description, bullets) is kept on one page when it fits, and a
  section heading always travels with the entry after it;
- left-aligned text (ReportLab has no hyphenation, and justified text without it leaves rivers);
- dates right-aligned on the entry's first line;
- very long text is cut into paragraph-sized pieces before layout, so a 100,000-character field
  flows over pages instead of failing;
- every piece of user text goes through `markup.para()`; links are made only for http, https and
  mailto URLs, anything else prints as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from portfolio.export.document import (
    SECTION_CREDENTIALS,
    SECTION_EDUCATION,
    SECTION_EXPERIENCE,
    SECTION_LANGUAGES,
    SECTION_SKILLS,
    SECTION_SUMMARY,
    CredentialGroup,
    CvDocument,
    CvLink,
    Entry,
    SkillGroup,
)
from portfolio.export.flowables import PageTotalCanvas, Paragraph
from portfolio.export.fonts import BOLD, FAMILY, ITALIC, register_fonts
from portfolio.export.markup import para
from portfolio.export.templates import Theme, theme

PAGE_SIZES = {"letter": LETTER, "a4": A4}
# Longest piece of text given to one Paragraph; longer text is cut at a line or word break.
CHUNK = 1_500
# Beyond this many characters a title is laid out as stacked paragraphs instead of a table row
# (a table cell cannot be split across pages, so a giant title there would not fit).
ROW_LIMIT = 400
QR_SIZE = 46.0


def chunks(text: str, limit: int = CHUNK) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at newlines, else spaces."""
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = window.rfind("\n")
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit
        out.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ") if cut < len(rest) else ""
    if rest:
        out.append(rest)
    return out


class _Styles:
    """Paragraph styles derived from a theme."""

    def __init__(self, t: Theme) -> None:
        text, muted, accent = HexColor(t.text), HexColor(t.muted), HexColor(t.accent)
        header_align = TA_CENTER if t.header_align == "center" else TA_LEFT
        base = ParagraphStyle(
            "body",
            fontName=FAMILY,
            fontSize=t.body_size,
            leading=t.leading,
            textColor=text,
            alignment=TA_LEFT,
            splitLongWords=1,
            bulletFontName=FAMILY,
        )
        self.body = base
        self.name = ParagraphStyle(
            "name",
            parent=base,
            fontName=BOLD,
            fontSize=t.name_size,
            leading=t.name_size * 1.18,
            alignment=header_align,
            textColor=accent if t.name_in_accent else text,
        )
        self.headline = ParagraphStyle(
            "headline",
            parent=base,
            fontSize=t.headline_size,
            leading=t.headline_size * 1.35,
            alignment=header_align,
            textColor=muted,
            spaceBefore=2,
        )
        self.contact = ParagraphStyle(
            "contact",
            parent=base,
            fontSize=t.small_size + 0.4,
            leading=(t.small_size + 0.4) * 1.45,
            alignment=header_align,
            textColor=text,
            spaceBefore=5,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=t.heading_size,
            leading=t.heading_size * 1.25,
            textColor=accent,
            spaceBefore=t.section_space,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD)
        self.org = ParagraphStyle("org", parent=base, fontName=ITALIC, textColor=text)
        self.date = ParagraphStyle("date", parent=base, alignment=TA_RIGHT, textColor=muted)
        self.small = ParagraphStyle(
            "small",
            parent=base,
            fontSize=t.small_size,
            leading=t.small_size * 1.38,
            textColor=muted,
        )
        self.small_right = ParagraphStyle("small_right", parent=self.small, alignment=TA_RIGHT)
        self.bullet = ParagraphStyle(
            "bullet", parent=base, leftIndent=13, bulletIndent=3, spaceBefore=1.2
        )
        self.group = ParagraphStyle(
            "group", parent=base, fontName=BOLD, spaceBefore=2, keepWithNext=1
        )
        self.category = ParagraphStyle(
            "category",
            parent=base,
            fontName=BOLD,
            fontSize=t.body_size - 0.3,
            textColor=accent,
            spaceBefore=4,
            keepWithNext=1,
        )
        self.footer = ParagraphStyle(
            "footer", parent=self.small, fontSize=t.small_size - 0.6, alignment=TA_RIGHT
        )


def link_markup(link: CvLink, colour: str) -> str:
    """The link's text as Paragraph markup; a live link only for http, https and mailto."""
    text = para(link.text)
    if not link.clickable:
        return text
    href = escape(link.url.strip(), {'"': "&quot;"})
    return f'<a href="{href}" color="{colour}">{text}</a>'


LEVELS = {"Awareness": 1, "Working": 2, "Proficient": 3, "Expert": 4}
_MARKER_OFF = HexColor("#D5D8DD")
_MARKER_ON: dict[str, Any] = {}


def _marker_colour(hex_colour: str) -> Any:
    return _MARKER_ON.setdefault(hex_colour, HexColor(hex_colour))


class LevelMarker(Flowable):  # type: ignore[misc]
    """A small strength marker: four segments, as many filled as the skill's level."""

    WIDTH = 30.0
    HEIGHT = 4.0

    def __init__(self, filled: int, colour: str) -> None:
        super().__init__()
        self.filled = filled
        self.colour = colour
        self.width = self.WIDTH
        self.height = 9.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        gap = 2.0
        seg = (self.WIDTH - 3 * gap) / 4
        canvas = self.canv
        # Plain rectangles: rounded ones cost ReportLab four Bézier curves each, which showed up
        # as a tenth of a re-render; at this size the corners are invisible anyway.
        canvas.setFillColor(_MARKER_ON.get(self.colour) or _marker_colour(self.colour))
        for i in range(self.filled):
            canvas.rect(i * (seg + gap), 0.5, seg, self.HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(_MARKER_OFF)
        for i in range(self.filled, 4):
            canvas.rect(i * (seg + gap), 0.5, seg, self.HEIGHT, stroke=0, fill=1)


class CvRenderer:
    """Builds the flowables of one CV for one theme and page size."""

    def __init__(self, doc: CvDocument, t: Theme, page_size: tuple[float, float]) -> None:
        self.doc = doc
        self.t = t
        self.s = _Styles(t)
        self.page_size = page_size
        # SimpleDocTemplate's frame pads 6 pt on each side.
        self.width = page_size[0] - 2 * t.margin_x - 12

    # -- building blocks --------------------------------------------------------------------

    def paragraphs(self, text: str, style: ParagraphStyle) -> list[Flowable]:
        return [Paragraph(para(piece), style) for piece in chunks(text) if piece.strip()]

    def row(
        self,
        left: str,
        right: str,
        left_style: ParagraphStyle,
        right_style: ParagraphStyle,
        width: float,
    ) -> list[Flowable]:
        """Two pieces of markup on one line, the right one right-aligned (dates, locations)."""
        if not right:
            return [Paragraph(left, left_style)]
        if len(left) > ROW_LIMIT or len(right) > ROW_LIMIT:
            return [Paragraph(left, left_style), Paragraph(right, left_style)]
        date_width = min(self.t.date_width, width * 0.4)
        table = Table(
            [[Paragraph(left, left_style), Paragraph(right, right_style)]],
            colWidths=[width - date_width, date_width],
        )
        table.setStyle(_TIGHT)
        return [table]

    def heading(self, title: str) -> list[Flowable]:
        text = title.upper() if self.t.heading_upper else title
        rule = HRFlowable(
            width="100%",
            thickness=self.t.heading_rule_width,
            color=HexColor(self.t.rule),
            spaceBefore=1,
            spaceAfter=4,
        )
        rule.keepWithNext = 1
        return [Paragraph(escape(text), self.s.heading), rule]

    def entry(self, entry: Entry, width: float) -> Flowable:
        s = self.s
        parts: list[Flowable] = []
        parts += self.row(f"<b>{para(entry.title)}</b>", para(entry.dates), s.title, s.date, width)
        details = " · ".join(para(d) for d in entry.details)
        body: list[Flowable] = []
        if entry.location:
            parts += self.row(
                para(entry.organization), para(entry.location), s.org, s.small_right, width
            )
        elif entry.organization and details and len(details) < ROW_LIMIT:
            # No location to align on the right: the issuer and the facts share one line.
            muted = f'<font color="{self.t.muted}" size="{self.t.small_size}">{details}</font>'
            parts.append(
                Paragraph(
                    f"<i>{para(entry.organization)}</i>&nbsp;&nbsp;·&nbsp;&nbsp;{muted}", s.body
                )
            )
            details = ""
        elif entry.organization:
            parts.append(Paragraph(para(entry.organization), s.org))
        if details:
            body.append(Paragraph(details, s.small))
        if entry.description:
            body += self.paragraphs(entry.description, s.body)
        for bullet in entry.bullets:
            pieces = chunks(bullet)
            body.append(Paragraph(para(pieces[0]), s.bullet, bulletText="•"))
            body += [Paragraph(para(piece), s.bullet) for piece in pieces[1:]]
        if entry.link is not None:
            body.append(Paragraph(link_markup(entry.link, self.t.link), s.small))
        if entry.qr_url and body:
            body = [self.with_qr(body, entry.qr_url, width)]
        elif entry.qr_url:
            body = [self.qr(entry.qr_url)]
        if body:
            parts.append(Spacer(0, 1.5))
        return KeepTogether([*parts, *body, Spacer(0, self.t.entry_space)])

    def qr(self, url: str) -> Flowable:
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        widget = QrCodeWidget(url, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(
            QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
        )
        drawing.add(widget)
        return drawing

    def with_qr(self, body: list[Flowable], url: str, width: float) -> Flowable:
        total = sum(len(getattr(f, "text", "")) for f in body)
        if total > ROW_LIMIT * 3:
            return KeepTogether([*body, self.qr(url)])
        table = Table([[body, self.qr(url)]], colWidths=[width - QR_SIZE - 8, QR_SIZE + 8])
        table.setStyle(
            TableStyle(
                [
                    *_TIGHT_CMDS,
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ]
            )
        )
        return table

    # -- sections ---------------------------------------------------------------------------

    def header(self) -> list[Flowable]:
        h = self.doc.header
        out: list[Flowable] = self.paragraphs(h.name, self.s.name) or [
            Paragraph("&nbsp;", self.s.name)
        ]
        if h.headline:
            out += self.paragraphs(h.headline, self.s.headline)
        if h.contacts:
            out += self.contact_lines(h.contacts)
        out.append(Spacer(0, 4))
        return out

    def contact_lines(self, contacts: tuple[CvLink, ...]) -> list[Flowable]:
        """Contacts on as few lines as fit, each line made of whole items, so a separator never
        dangles at the end of a line and an address is never cut in two."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style = self.s.contact
        sep_text = self.t.contact_separator
        sep = escape(sep_text).replace(" ", "&nbsp;")
        lines: list[list[CvLink]] = [[]]
        used = 0.0
        for contact in contacts:
            width = stringWidth(contact.text, FAMILY, style.fontSize)
            extra = stringWidth(sep_text, FAMILY, style.fontSize) if lines[-1] else 0.0
            if lines[-1] and used + extra + width > self.width:
                lines.append([])
                used, extra = 0.0, 0.0
            lines[-1].append(contact)
            used += extra + width
        out: list[Flowable] = []
        for i, line in enumerate(lines):
            parts = [
                link_markup(CvLink(c.text.replace(" ", "\u00a0"), c.url), self.t.link) for c in line
            ]
            paragraph_style = (
                style if i == 0 else ParagraphStyle("contact_more", parent=style, spaceBefore=0)
            )
            out.append(Paragraph(f"{sep} ".join(parts), paragraph_style))
        return out

    def skills(self, groups: tuple[SkillGroup, ...]) -> list[Flowable]:
        """Per category, one row per skill: name, strength, then the evidence behind it."""
        s = self.s
        out: list[Flowable] = []
        levels = self.doc.show_levels
        label_width = self.width * 0.285
        level_width = LevelMarker.WIDTH + 10 if levels else 0.0
        widths = [label_width, level_width, self.width - label_width - level_width]
        if not levels:
            widths = [label_width, self.width - label_width]
        for group in groups:
            rows = []
            stacked: list[Flowable] = []
            for line in group.skills:
                label = f"<b>{para(line.label)}</b>"
                level = escape(line.level) if levels else ""
                marker: Flowable = (
                    LevelMarker(LEVELS.get(line.level, 0), self.t.accent)
                    if levels and line.level in LEVELS
                    else Paragraph(level, s.small)
                )
                evidence = " · ".join(para(e) for e in line.evidence)
                if len(label) + len(evidence) > ROW_LIMIT * 2:
                    stacked.append(Paragraph(f"{label}&nbsp;&nbsp;{level}", s.body))
                    stacked += self.paragraphs(" · ".join(line.evidence), s.small)
                else:
                    cells = [Paragraph(label, s.body), marker, Paragraph(evidence, s.small)]
                    rows.append(cells if levels else [cells[0], cells[2]])
            block: list[Flowable] = [Paragraph(para(group.category), s.category)]
            if rows:
                table = Table(rows, colWidths=widths)
                table.setStyle(_SKILL_STYLE)
                if levels:  # centre the marker on the skill name's x-height
                    table.setStyle(TableStyle([("TOPPADDING", (1, 0), (1, -1), 1.0)]))
                block.append(table)
            block += stacked
            if len(rows) < 12 and not stacked:
                out.append(KeepTogether(block))
            else:
                out += block
        return out

    def credential_group(self, group: CredentialGroup) -> list[Flowable]:
        """A stack: its target (or a heading naming it), a summary line, the items indented."""
        s = self.s
        indent = 12.0
        if not group.heading and group.lead is None:
            return [self.entry(e, self.width) for e in group.entries]
        head: list[Flowable] = []
        if group.lead is not None:
            head += _unwrap(self.entry(group.lead, self.width))[:-1]
        else:
            head.append(Paragraph(para(group.heading), s.group))
        if group.summary:
            head += [Paragraph(para(group.summary), s.small), Spacer(0, 3)]
        children = [self.entry(e, self.width - indent) for e in group.entries]
        size = sum(
            len(e.description) + len(e.title) + sum(map(len, e.bullets)) for e in group.entries
        )
        if children and size < CHUNK * 2:
            flat = [f for child in children for f in _unwrap(child)]
            box = Table([[flat]], colWidths=[self.width])
            box.setStyle(TableStyle([*_TIGHT_CMDS, ("LEFTPADDING", (0, 0), (-1, -1), indent)]))
            return [KeepTogether([*head, box])]
        return [KeepTogether([*head, *children[:1]]), *children[1:]]

    def languages(self) -> list[Flowable]:
        parts = []
        for lang in self.doc.languages:
            text = f"<b>{para(lang.language)}</b>"
            if lang.fluency:
                text += f" ({para(lang.fluency)})"
            parts.append(text)
        sep = "&nbsp;&nbsp;·&nbsp;&nbsp; "
        return [Paragraph(sep.join(parts), self.s.body)]

    def section(self, title: str, blocks: list[Flowable]) -> list[Flowable]:
        """A heading glued to the first block after it, so it never ends a page alone."""
        if not blocks:
            return []
        first = [*self.heading(title), *_unwrap(blocks[0])]
        return [KeepTogether(first), *blocks[1:]]

    def story(self) -> list[Flowable]:
        doc = self.doc
        story: list[Flowable] = self.header()
        if doc.summary.strip():
            story += self.section(SECTION_SUMMARY, self.paragraphs(doc.summary, self.s.body))
        story += self.section(SECTION_SKILLS, self.skills(doc.skills))
        # Languages are short: right after Skills they fill a line instead of a page of its own.
        if doc.languages:
            story += self.section(SECTION_LANGUAGES, self.languages())
        story += self.section(
            SECTION_EXPERIENCE, [self.entry(e, self.width) for e in doc.experience]
        )
        story += self.section(SECTION_EDUCATION, [self.entry(e, self.width) for e in doc.education])
        groups = [f for group in doc.credentials for f in self.credential_group(group)]
        story += self.section(SECTION_CREDENTIALS, groups)
        return story


def _unwrap(flowable: Flowable) -> list[Flowable]:
    content = getattr(flowable, "_content", None)
    return list(content) if isinstance(flowable, KeepTogether) and content else [flowable]


_TIGHT_CMDS: list[tuple[Any, ...]] = [
    # Tables select a font even when cells hold only paragraphs; keep it our embedded one.
    ("FONTNAME", (0, 0), (-1, -1), FAMILY),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]
_TIGHT = TableStyle(_TIGHT_CMDS)
_SKILL_STYLE = TableStyle(
    [
        *_TIGHT_CMDS,
        ("RIGHTPADDING", (0, 0), (-2, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        # Evidence is smaller than the skill name: nudge it down to the name's baseline.
        ("TOPPADDING", (-1, 0), (-1, -1), 1.3),
    ]
)


def _footer_canvas(name_markup: str, style: ParagraphStyle, t: Theme) -> type[Canvas]:
    """A canvas that, once every page is known, stamps "<name> · Page i of n" on each one."""

    class NumberedCanvas(PageTotalCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start on our embedded font, so no unembedded Helvetica lands in the resources.
            kwargs["initialFontName"] = FAMILY
            super().__init__(*args, **kwargs)

        def stamp(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            text = f"{name_markup}&nbsp;&nbsp;·&nbsp;&nbsp;Page {number} of {total}"
            footer = Paragraph(text, style)
            avail = width - 2 * t.margin_x
            _, height = footer.wrap(avail, t.margin_bottom)
            footer.drawOn(self, t.margin_x, max(8.0, t.margin_bottom / 2 - height / 2))

    return NumberedCanvas


def render_pdf(
    doc: CvDocument,
    *,
    template: str = "classic",
    page_size: str = "letter",
    invariant: bool = False,
) -> bytes:
    """The CV as PDF bytes. `invariant` makes the output byte-identical run to run (tests)."""
    register_fonts()
    t = theme(template)
    try:
        size = PAGE_SIZES[page_size.lower()]
    except KeyError:
        raise KeyError(f"unknown page size {page_size!r}; choose letter or a4") from None
    renderer = CvRenderer(doc, t, size)
    buffer = io.BytesIO()
    meta = doc.meta
    template_doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=t.margin_x,
        rightMargin=t.margin_x,
        topMargin=t.margin_top,
        bottomMargin=t.margin_bottom,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=meta.creator,
        producer=meta.creator,
        invariant=1 if invariant else 0,
        displayDocTitle=1,
    )
    name = para(doc.header.name[:200]) if doc.header.name else ""
    canvas: Callable[..., Canvas] = _footer_canvas(name, renderer.s.footer, t)
    template_doc.build(renderer.story(), canvasmaker=canvas)
    return buffer.getvalue()
