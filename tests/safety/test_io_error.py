"""A write the operating system refuses half-way (here a file-size limit, as a quota or a failing
drive would) is the environment's fault: one line for the user, nothing saved, no internal error."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.cli import main


def _credentials(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM credential").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is a POSIX limit")
def test_a_write_past_a_size_limit_is_told_in_one_line_and_saves_nothing(
    tmp_path: Path, home: Path
) -> None:
    db = tmp_path / "portfolio.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    before = _credentials(db)
    rows = "\n".join(f"Course {i},Issuer {i},{'x' * 300}" for i in range(3_000))
    csv_file = tmp_path / "courses.csv"
    csv_file.write_text("title,issuer,description\n" + rows + "\n", encoding="utf-8")
    limit = db.stat().st_size + 200_000  # the backup before the import fits; the import does not

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "portfolio", "--db", str(db), "import", str(csv_file)]
    result = subprocess.run(
        [*command, "--learner", "Samantha Kolb"],
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PORTFOLIO_HOME": str(home)},
    )
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {db} could not be written: the disk reported an input/output error (it may "
        "be full, over a size limit, or failing). Nothing was saved."
    ]
    assert "something went wrong inside" not in result.stderr
    assert _credentials(db) == before
