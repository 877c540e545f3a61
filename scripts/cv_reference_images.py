"""Regenerate docs/cv/<template>.png: page 1 of the demo learner's CV in every template.

Needs pdftoppm (Debian package poppler-utils). Run from the repository root:
`python scripts/cv_reference_images.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LEARNER = "Samantha Kolb"
DPI = "70"


def main() -> int:
    from portfolio.db import open_database
    from portfolio.export.document import build_document
    from portfolio.export.pdf import render_pdf
    from portfolio.export.templates import THEMES
    from portfolio.services.cv_content import load_cv_content
    from portfolio.services.demo import load_demo
    from portfolio.services.learners import find_learner

    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    out = REPO / "docs" / "cv"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        database = open_database(tmp / "demo.sqlite")
        with database.session() as session:
            load_demo(session)
        with database.read_session() as session:
            content = load_cv_content(session, find_learner(session, LEARNER).id)
        database.dispose()
        doc = build_document(content)
        for name in THEMES:
            pdf = tmp / f"{name}.pdf"
            pdf.write_bytes(render_pdf(doc, template=name, invariant=True))
            stem = tmp / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    DPI,
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            shutil.copyfile(stem.with_suffix(".png"), out / f"{name}.png")
            print(out / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
