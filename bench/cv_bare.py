"""A bare ReportLab script rendering the same CV content: the yardstick for bench_cv.

It reads the demo CV's text from a JSON file (written by bench_cv from the real document),
registers the same Noto Sans faces and lays the content out with plain Paragraphs and Tables,
with none of the app's machinery (no database, escaping helper, themes or page numbering).
`python bench/cv_bare.py content.json out.pdf` runs it in a fresh process.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape


def render(data: dict[str, Any], fonts: Path) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    for name, file in (
        ("B", "NotoSans-Regular.ttf"),
        ("B-Bold", "NotoSans-Bold.ttf"),
        ("B-Italic", "NotoSans-Italic.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    body = ParagraphStyle("b", fontName="B", fontSize=10, leading=13)
    bold = ParagraphStyle("bb", parent=body, fontName="B-Bold")
    small = ParagraphStyle("s", parent=body, fontSize=8.5, leading=11.5)
    head = ParagraphStyle("h", parent=bold, fontSize=10.5, spaceBefore=12, spaceAfter=4)
    story: list[Any] = [
        Paragraph(escape(data["name"]), ParagraphStyle("n", parent=bold, fontSize=24, leading=28)),
        Paragraph(escape(data["headline"]), body),
        Paragraph(escape(data["contacts"]), small),
    ]
    story += [
        Paragraph("SUMMARY", head),
        Paragraph(escape(data["summary"]), body),
        Paragraph("SKILLS", head),
    ]
    for category, skills in data["skills"]:
        story.append(Paragraph(escape(category), bold))
        story.append(
            Table(
                [
                    [
                        Paragraph(escape(a), bold),
                        Paragraph(escape(b), small),
                        Paragraph(escape(c), small),
                    ]
                    for a, b, c in skills
                ],
                colWidths=[140, 54, 310],
            )
        )
    for section, entries in data["sections"]:
        story.append(Paragraph(escape(section), head))
        for e in entries:
            parts = [
                Table(
                    [[Paragraph(escape(e["title"]), bold), Paragraph(escape(e["dates"]), small)]],
                    colWidths=[390, 114],
                ),
                Paragraph(escape(e["org"]), body),
            ]
            parts += [
                Paragraph(escape(t), small if i == 0 else body)
                for i, t in enumerate(e["text"])
                if t
            ]
            parts += [Paragraph(escape(b), body, bulletText="•") for b in e["bullets"]]
            story.append(KeepTogether([*parts, Spacer(0, 7)]))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=48,
        rightMargin=48,
        topMargin=42,
        bottomMargin=50,
        title=data["name"],
    ).build(story)
    return out.getvalue()


def main() -> int:
    import rendercv_fonts

    fonts = Path(rendercv_fonts.__file__).parent / "Noto Sans"
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_bytes(render(data, fonts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
