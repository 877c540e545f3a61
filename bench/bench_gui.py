"""Desktop-app figures: start-up to first paint, per-keystroke filtering, peak memory.

`python bench/run.py gui` (or `python bench/bench_gui.py [--quick]`). Portfolios are generated
with the services into a temporary folder: the demo learners, a learner holding 10,000
credentials, and 1,000 learners.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Figure, Ratio, machine, process_env, table, time_process

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, app.quit)

app = QApplication(sys.argv[:1])
window = Window()
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
"""

MAX_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

ORM_FLOOR = (
    "import sqlalchemy.orm, portfolio.models; "
    "from sqlalchemy.orm import configure_mappers; configure_mappers()"
)

BIG_LEARNER = "Bulk Learner"


def make_portfolios(folder: Path, credentials: int, learners: int) -> dict[str, Path]:
    """Generate the three portfolios with the services (one transaction each)."""
    from portfolio.dates import PartialDate
    from portfolio.db import open_database
    from portfolio.models.base import CredentialKind, CredentialStatus, CreditUnit
    from portfolio.services.credentials import create_credential
    from portfolio.services.demo import load_demo
    from portfolio.services.learners import create_learner
    from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput

    paths = {name: folder / f"{name}.sqlite" for name in ("demo", "big", "many")}
    for name, path in paths.items():
        db = open_database(path)
        with db.session() as session:
            load_demo(session)
            if name == "big":
                learner = create_learner(session, LearnerInput(name=BIG_LEARNER))
                kinds = list(CredentialKind)
                skills = ["Python", "Data analytics", "Project management", "Public speaking"]
                for i in range(credentials):
                    create_credential(
                        session,
                        learner,
                        CredentialInput(
                            title=f"Course {i} in applied topic {i % 97}",
                            kind=kinds[i % len(kinds)],
                            issuer=f"Institution {i % 40}",
                            end_date=PartialDate(1990 + i % 35, 1 + i % 12),
                            expiry_date=PartialDate(2024 + i % 5) if i % 7 == 0 else None,
                            status=CredentialStatus.IN_PROGRESS if i % 11 == 0 else CredentialStatus.COMPLETED,
                            credit_value=float(i % 6),
                            credit_unit=CreditUnit.CREDITS,
                            skills=(SkillLinkInput(label=skills[i % 4]),),
                        ),
                    )  # fmt: skip
            if name == "many":
                for i in range(learners):
                    create_learner(session, LearnerInput(name=f"Client {i:04d}"))
        db.dispose()
    return paths


def gui_args(db: Path, learner: str, *, settled: bool = False) -> list[str]:
    """Quit at the first paint, or (`settled`) once the work started after it is done: the
    database opened on its worker thread, the taxonomy checked and the suggestion index built."""
    until = "--exit-when-settled" if settled else "--exit-when-ready"
    return [sys.executable, "-m", "portfolio", "--db", str(db), "gui", "--learner", learner, until]  # fmt: skip


def peak_rss_mib(args: list[str], env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", MAX_RSS, *args], check=True, capture_output=True, text=True, env=env
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def filter_latency_ms(db_path: Path, home: Path, word: str = "applied topic 42") -> list[float]:
    """Milliseconds per keystroke typing `word` into the Credentials search over 10,000 rows."""
    from PySide6.QtWidgets import QApplication

    from portfolio.app import build_window, make_app
    from portfolio.db import open_database
    from portfolio.ui.settings import open_settings

    app = make_app()
    db = open_database(db_path)
    window = build_window(
        db, settings=open_settings(home / "bench.ini"), learner=BIG_LEARNER, serial_tasks=True
    )
    window.show()
    window.show_page(1)
    app.processEvents()
    page = window.current_page()
    assert page.model.rowCount() >= 10_000
    times = []
    for _ in range(3):
        page.search.clear()
        app.processEvents()
        for i in range(1, len(word) + 1):
            start = time.perf_counter()
            page.search.setText(word[:i])
            QApplication.processEvents()
            times.append((time.perf_counter() - start) * 1000)
    window.close()
    db.dispose()
    return times


def run(quick: bool = False) -> list[Figure]:
    repeat = 3 if quick else 7
    rss_repeat = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"QT_QPA_PLATFORM": "offscreen", "PORTFOLIO_HOME": str(folder / "home")}
        paths = make_portfolios(folder, 10_000, 1_000)
        bare_script = folder / "bare.py"
        bare_script.write_text(BARE_WINDOW)
        bare = Figure("bare PySide6 window: start to first paint", "ms",
                      time_process([sys.executable, str(bare_script)], repeat, env))  # fmt: skip
        # The same interpreter, database stack (SQLAlchemy ORM + Alembic check) and query, no Qt:
        # the part of start-up that is not the window's.
        floor = Figure("`portfolio learners` (database stack, no Qt)", "ms",
                       time_process([sys.executable, "-m", "portfolio", "--db", str(paths["demo"]), "learners"], repeat, env))  # fmt: skip
        # What any ORM-based start-up pays before its first query: importing SQLAlchemy's ORM,
        # declaring the models and configuring the mappers (no Qt, no database file).
        orm = Figure("floor: import SQLAlchemy ORM + models + configure mappers (no Qt)", "ms",
                     time_process([sys.executable, "-c", ORM_FLOOR], repeat, env))  # fmt: skip
        demo = Figure("app, demo data: start to first paint", "ms",
                      time_process(gui_args(paths["demo"], "Samantha"), repeat, env))  # fmt: skip
        big = Figure("app, 10,000 credentials: start to first paint", "ms",
                     time_process(gui_args(paths["big"], BIG_LEARNER), repeat, env))  # fmt: skip
        # The 10,000 rows are loaded only when the Credentials page is shown: open on it.
        big_creds_env = {**env, "PORTFOLIO_HOME": str(folder / "home-creds")}
        settings = folder / "home-creds" / "gui-settings.ini"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text("[session]\npage=1\n")
        big_creds = Figure("app, 10,000 credentials, opening on Credentials: first paint", "ms",
                           time_process(gui_args(paths["big"], BIG_LEARNER), repeat, big_creds_env))  # fmt: skip
        # The first paint comes before the ORM loads; this is how long until everything is.
        settled = Figure("app, demo data: start until settled (database open, taxonomy and suggestion index ready)", "ms",
                         time_process(gui_args(paths["demo"], "Samantha", settled=True), repeat, env))  # fmt: skip
        full_env = process_env(env)
        keystrokes = filter_latency_ms(paths["big"], folder)
        figures = [
            bare,
            floor,
            demo,
            big,
            big_creds,
            settled,
            orm,
            Ratio("demo start-up vs bare window", demo, bare, 2.5).figure(),
            Figure(
                "ORM floor alone vs bare window",
                "x",
                [orm.median / bare.median],
                note="no ORM-based start-up can go below this",
            ),
            Ratio("10k credentials (on Credentials page) vs demo", big_creds, demo, 1.5).figure(),
            Figure(
                "filter keystroke over 10,000 credentials",
                "ms",
                keystrokes,
                "< 16 ms",
                statistics.median(keystrokes) < 16,
            ),
            Figure(
                "peak RSS, 10,000 credentials (until settled)",
                "MiB",
                [
                    peak_rss_mib(
                        gui_args(paths["big"], BIG_LEARNER, settled=True),
                        {**full_env, **big_creds_env},
                    )
                    for _ in range(rss_repeat)
                ],
            ),
            Figure(
                "peak RSS, 1,000 learners (until settled)",
                "MiB",
                [
                    peak_rss_mib(gui_args(paths["many"], "Client 0500", settled=True), full_env)
                    for _ in range(rss_repeat)
                ],
            ),
        ]
    return figures


if __name__ == "__main__":
    print(f"Machine: {machine()}\n")
    print(table(run(quick="--quick" in sys.argv)))
    _ = REPO
