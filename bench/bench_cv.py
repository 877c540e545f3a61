"""CV export speed: whole `portfolio export-cv` process and in-process re-render, each against a
bare ReportLab script rendering the same content (bench/cv_bare.py).

Targets (issues #5 and #9): whole process well under half a second and <= 1.6x the bare script
in a fresh process; in-process re-render (the live preview's critical path) <= 1.5x the bare
script in-process.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv_bare
from common import Figure, Ratio, python, time_call, time_process

LEARNER = "Samantha Kolb"


def _content_for_bare(doc: Any) -> dict[str, Any]:
    def entry(e: Any) -> dict[str, Any]:
        details = " · ".join(e.details)
        link = e.link.text if e.link else ""
        return {
            "title": e.title,
            "dates": e.dates,
            "org": e.organization,
            "text": [details, e.description, link],
            "bullets": list(e.bullets),
        }

    creds = [
        entry(x) for g in doc.credentials for x in ([g.lead] if g.lead else []) + list(g.entries)
    ]
    return {
        "name": doc.header.name,
        "headline": doc.header.headline,
        "contacts": " | ".join(c.text for c in doc.header.contacts),
        "summary": doc.summary,
        "skills": [
            [g.category, [[s.label, s.level, " · ".join(s.evidence)] for s in g.skills]]
            for g in doc.skills
        ],
        "sections": [
            ["EXPERIENCE", [entry(e) for e in doc.experience]],
            ["EDUCATION", [entry(e) for e in doc.education]],
            ["MICRO-CREDENTIALS", creds],
        ],
    }


def run(quick: bool = False) -> list[Figure]:
    from portfolio.db import open_database
    from portfolio.export.document import build_document
    from portfolio.export.fonts import font_folder
    from portfolio.export.pdf import render_pdf
    from portfolio.services.cv_content import load_cv_content
    from portfolio.services.demo import load_demo
    from portfolio.services.learners import find_learner

    repeat = 3 if quick else 10
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_path = tmp / "demo.sqlite"
        database = open_database(db_path)
        with database.session() as session:
            load_demo(session)
        with database.read_session() as session:
            content = load_cv_content(session, find_learner(session, LEARNER).id)
        database.dispose()
        doc = build_document(content)
        data = _content_for_bare(doc)
        content_file = tmp / "content.json"
        content_file.write_text(json.dumps(data), encoding="utf-8")
        env = {"PORTFOLIO_HOME": str(tmp / "home")}

        app = Figure(
            "export-cv, whole process",
            "ms",
            time_process(
                [
                    python(),
                    "-m",
                    "portfolio",
                    "--db",
                    str(db_path),
                    "export-cv",
                    "--learner",
                    LEARNER,
                    "-o",
                    str(tmp / "cv.pdf"),
                ],
                repeat,
                env,
            ),
            "< 500 ms (issue #5: well under half a second)",
        )
        app.ok = app.median < 500
        bare = Figure(
            "bare ReportLab script, whole process",
            "ms",
            time_process(
                [python(), str(Path(cv_bare.__file__)), str(content_file), str(tmp / "bare.pdf")],
                repeat,
                env,
            ),
        )
        # A plain export reads with stdlib sqlite3 (portfolio.db.cv_read); --variant and --role
        # still go through the ORM, whose import alone is this (ORM and ReportLab, nothing else).
        floor = Figure(
            "ORM path floor (--variant/--role): import sqlalchemy.orm, reportlab.platypus",
            "ms",
            time_process(
                [python(), "-c", "import sqlalchemy.orm, reportlab.platypus"], repeat, env
            ),
        )
        fonts = font_folder()
        render_app = Figure(
            "CV re-render in process (build + render)",
            "ms",
            time_call(lambda: render_pdf(build_document(content)), repeat * 2),
        )
        render_bare = Figure(
            "bare ReportLab render in process",
            "ms",
            time_call(lambda: cv_bare.render(data, fonts), repeat * 2),
        )
    return [
        app,
        bare,
        Ratio("export-cv / bare script (process)", app, bare, 1.6).figure(),
        floor,
        Figure("ORM path floor / bare script (process)", "x", [floor.median / bare.median]),
        render_app,
        render_bare,
        Ratio("re-render / bare ReportLab (in process)", render_app, render_bare, 1.5).figure(),
    ]


if __name__ == "__main__":
    from common import machine, table

    figures = run(quick="--quick" in sys.argv)
    print(f"Machine: {machine()}\n")
    print(table(figures))
