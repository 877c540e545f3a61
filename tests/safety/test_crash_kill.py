"""A child process importing thousands of rows in one transaction is SIGKILLed at many points;
every time the portfolio opens, passes integrity_check, and holds all of the batch or none."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from portfolio.db import open_database
from portfolio.services.learners import create_learner
from portfolio.services.records import LearnerInput

COUNT = 1000
CHILD = Path(__file__).with_name("kill_child.py")
# (line to wait for, extra delay in seconds): before the first write, at ten points during the
# transaction, around the commit, and after it.
KILL_POINTS = [
    ("begin", 0.0),
    *[(f"progress {n}", 0.0) for n in (100, 200, 300, 400, 500, 600, 700, 800, 900)],
    ("progress 1000", 0.01),
    ("committing", 0.0),
    ("committing", 0.003),
    ("committing", 0.02),
    ("committed", 0.0),
]


def run_and_kill(db_path: Path, wait_for: str, delay: float) -> bool:
    """Start the child, SIGKILL it once it printed `wait_for` (+delay); True if it had finished."""
    seen = []
    with subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), str(COUNT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        for line in child.stdout:
            seen.append(line.strip())
            if line.strip() == wait_for:
                break
        if delay:
            time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        errors = child.stderr.read()
    assert wait_for in seen, (seen, errors)
    return "committed" in seen


def outcome(db_path: Path) -> tuple[int, int, list[str]]:
    conn = sqlite3.connect(db_path)
    try:
        batch = conn.execute(
            "SELECT count(*) FROM credential JOIN learner ON learner.id = credential.learner_id "
            "WHERE learner.name = 'Imported Batch'"
        ).fetchone()[0]
        learners = [r[0] for r in conn.execute("SELECT name FROM learner ORDER BY name")]
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    assert integrity == ["ok"]
    return batch, len(learners), learners


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder in RAM when the system has one. SIGKILL leaves the kernel's page cache intact, so
    it tests the same atomicity there, without waiting for the disk on every fsync (durability
    across power cuts is synchronous=FULL's job, not this test's)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="portfolio-kill-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_sigkill_during_a_big_import_leaves_all_or_nothing(scratch: Path) -> None:
    tmp_path = scratch
    base = tmp_path / "base.sqlite"
    database = open_database(base)
    with database.session() as session:
        create_learner(session, LearnerInput(name="Existing Learner"))
    database.dispose()

    copies = []
    for i, _point in enumerate(KILL_POINTS):
        copy = tmp_path / f"run{i}" / "portfolio.sqlite"
        copy.parent.mkdir()
        shutil.copy2(base, copy)
        copies.append(copy)
    with ThreadPoolExecutor(max_workers=3) as pool:
        finished = list(
            pool.map(run_and_kill, copies, [p[0] for p in KILL_POINTS], [p[1] for p in KILL_POINTS])
        )

    hot_journals = 0
    results = []
    for copy, done in zip(copies, finished, strict=True):
        journal = copy.with_name(copy.name + "-journal")
        hot_journals += int(journal.exists() and journal.stat().st_size > 0)
        # Opening must roll back an interrupted import, not call the file damaged.
        open_database(copy).dispose()
        batch, learner_count, names = outcome(copy)
        assert "Existing Learner" in names
        assert (batch, learner_count) in ((0, 1), (COUNT, 2)), (copy, batch, learner_count)
        if done:
            assert batch == COUNT
        results.append(batch)
    # The kills really hit the transaction: several left a journal to roll back, and both
    # outcomes occurred.
    assert hot_journals >= 5
    assert results.count(0) >= 10
    assert results[-1] == COUNT
