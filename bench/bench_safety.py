"""Data safety costs: a checked backup, a restore, the open-time check, listing backups.

The automatic backup runs on the thread that committed, at most every 10 minutes, so its cost
on a realistic portfolio is what a user could notice after a save.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, time_call

from portfolio.db import open_database
from portfolio.db.backup import create_backup, list_backups
from portfolio.db.open import inspect_file
from portfolio.db.restore import restore_file
from portfolio.models import CredentialKind
from portfolio.services.credentials import create_credential
from portfolio.services.demo import load_demo
from portfolio.services.learners import create_learner
from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput


def _portfolio(folder: Path, learners: int, credentials: int) -> Path:
    path = folder / f"p{learners}.sqlite"
    database = open_database(path)
    with database.session() as session:
        load_demo(session)
        for n in range(learners):
            learner_id = create_learner(session, LearnerInput(name=f"Client {n}"))
            for i in range(credentials):
                create_credential(
                    session,
                    learner_id,
                    CredentialInput(
                        title=f"Course {i}",
                        kind=CredentialKind.COURSE,
                        issuer=f"College {i % 20}",
                        description="Learning outcomes and assessment. " * 10,
                        skills=(SkillLinkInput(label=f"Skill {i % 30}"),),
                    ),
                )
    database.dispose()
    return path


def run(quick: bool = False) -> list[Figure]:
    repeat = 3 if quick else 10
    figures = []
    folder = Path(tempfile.mkdtemp(prefix="bench-safety-"))
    try:
        sizes = [("demo (3 learners)", 0, 0), ("counsellor (40 learners × 60 credentials)", 40, 60)]
        for label, learners, credentials in sizes:
            path = _portfolio(folder, learners, credentials)
            mb = path.stat().st_size / 1_048_576
            backups = folder / f"backups-{learners}"
            figures.append(
                Figure(
                    f"checked backup, {label}, {mb:.1f} MiB",
                    "ms",
                    time_call(
                        lambda p=path, b=backups: create_backup(p, "auto", backup_dir=b), repeat
                    ),
                    "< 100 ms" if learners == 0 else "< 1000 ms",
                    note="backup API + integrity_check + fsync + rename + rotation",
                )
            )
            figures[-1].ok = figures[-1].median < (100 if learners == 0 else 1000)
            figures.append(
                Figure(
                    f"open-time check, {label}",
                    "ms",
                    time_call(lambda p=path: inspect_file(p), repeat),
                    "< 250 ms",
                )
            )
            figures[-1].ok = figures[-1].median < 250
            newest = list_backups(path, backups)[0].path
            figures.append(
                Figure(
                    f"restore, {label}",
                    "ms",
                    time_call(
                        lambda p=path, n=newest, b=backups: restore_file(p, n, backup_dir=b), repeat
                    ),
                    "< 2000 ms",
                    note="verify + pre-restore backup + staged copy + swap",
                )
            )
            figures[-1].ok = figures[-1].median < 2000
        # Listing a full backup folder (the Backups dialog opens with this).
        path = folder / "p0.sqlite"
        many = folder / "many"
        for day in range(25):
            create_backup(
                path,
                "auto",
                backup_dir=many,
                now=dt.datetime(2026, 1, 1) + dt.timedelta(days=day * 7),
            )
        figures.append(
            Figure(
                f"list {len(list_backups(path, many))} backups with learner counts",
                "ms",
                time_call(lambda: list_backups(path, many), repeat),
                "< 500 ms",
            )
        )
        figures[-1].ok = figures[-1].median < 500
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


if __name__ == "__main__":
    from common import machine, table

    print(f"Machine: {machine()}\n")
    print(table(run(quick="--quick" in sys.argv)))
