"""Goals figures: loading the role library and catalog, one gap report, one action-plan PDF.

The issue sets no numbers for these; the figures show the Goals page can compute a gap on the UI
thread (well under the ~100 ms the house style allows) and how long an export takes.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from common import Figure, table, time_call

TODAY = dt.date(2026, 11, 29)


def run(quick: bool = False) -> list[Figure]:
    from portfolio.db import open_database
    from portfolio.export.plan_pdf import build_plan, render_plan
    from portfolio.services import learners, roles
    from portfolio.services.demo import load_demo
    from portfolio.services.gap import gap_report
    from portfolio.services.programs import ensure_program_catalog

    repeat = 3 if quick else 15
    folder = Path(tempfile.mkdtemp(prefix="bench-goals-"))
    figures = []

    def fresh_library() -> None:
        path = folder / f"lib-{len(list(folder.iterdir()))}.sqlite"
        database = open_database(path)
        with database.session() as s:
            roles.ensure_role_library(s)
            ensure_program_catalog(s)
        database.dispose()

    figures.append(
        Figure(
            "load taxonomy + role library + program catalog into a new portfolio",
            "ms",
            time_call(fresh_library, max(2, repeat // 5)),
        )
    )
    database = open_database(folder / "demo.sqlite")
    with database.session() as s:
        load_demo(s)
    with database.read_session() as s:
        sam = learners.find_learner(s, "Samantha Kolb").id
        role = roles.find_role(s, "Digital Marketing Coordinator").id

    def one_gap() -> None:
        with database.read_session() as s:
            gap_report(s, sam, role, TODAY)

    figures.append(
        Figure(
            "gap report (Samantha vs Digital Marketing Coordinator, 107 programs ranked)",
            "ms",
            time_call(one_gap, repeat),
            target="< 100 ms (runs on the UI thread)",
        )
    )
    figures[-1].ok = figures[-1].median < 100

    def one_plan() -> None:
        with database.read_session() as s:
            document = build_plan(s, sam, role, TODAY)
        render_plan(document)

    figures.append(Figure("action-plan PDF (build + render)", "ms", time_call(one_plan, repeat)))
    database.dispose()
    return figures


if __name__ == "__main__":
    print(table(run(quick="--quick" in sys.argv)))
