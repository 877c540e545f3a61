"""The window's start-up with a file it refuses (#18 group 6).

Scripted starts (`gui --exit-when-ready`, `--exit-when-settled`) never wait on a dialog nobody
sees: they exit 1 with the message on stderr, in a subprocess bounded by a timeout so that a
hang fails the test. An interactive start explains the refusal and offers Open Another… / Quit
(the message box is stubbed: its `exec` clicks the named button).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from portfolio.cli.context import CliContext
from portfolio.db import open_database
from portfolio.db.backup import create_backup
from portfolio.db.lock import InstanceLock
from portfolio.paths import AppPaths
from portfolio.services.learners import create_learner, list_learners
from portfolio.services.records import LearnerInput
from portfolio.ui.recovery import OPEN_ANOTHER, QUIT, open_with_recovery

HANG = 30  # seconds: a start-up that waits on an unseen dialog fails instead of blocking


def digests(path: Path) -> dict[str, str | None]:
    """The file and its side files, byte for byte."""
    found: dict[str, str | None] = {}
    for suffix in ("", "-journal", "-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        found[suffix] = hashlib.sha256(side.read_bytes()).hexdigest() if side.exists() else None
    return found


def a_portfolio(path: Path, learner: str = "Zoë Kolb") -> Path:
    database = open_database(path)
    with database.session() as session:
        create_learner(session, LearnerInput(name=learner))
    database.dispose()
    return path


# -- the files a start refuses; each returns the path and what it keeps held ----------------


def foreign(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    yield path


def foreign_live_wal(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "live-wal.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    writer.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    writer.execute("BEGIN")
    writer.execute("UPDATE moz_places SET url = url || '#seen'")
    try:
        yield path
    finally:
        writer.close()


def open_in_another_window(tmp_path: Path) -> Iterator[Path]:
    path = a_portfolio(tmp_path / "portfolio.sqlite")
    with InstanceLock(path):
        yield path


def newer(tmp_path: Path) -> Iterator[Path]:
    path = a_portfolio(tmp_path / "newer.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed0000'")
    conn.commit()
    conn.close()
    yield path


def damaged_with_a_backup(tmp_path: Path) -> Iterator[Path]:
    path = a_portfolio(tmp_path / "portfolio.sqlite")
    create_backup(path, "auto", backup_dir=tmp_path / "portfolio-backups")
    data = bytearray(path.read_bytes())
    data[4096 + 8 : 4096 + 1500] = b"\xff" * 1492
    path.write_bytes(bytes(data))
    yield path


REFUSED: list[tuple[Callable[[Path], Iterator[Path]], str]] = [
    (foreign, "belongs to another application"),
    (foreign_live_wal, "belongs to another application"),
    (open_in_another_window, "already open in another Learner Portfolio window"),
    (newer, "written by a newer version"),
    (damaged_with_a_backup, "is damaged"),
]


@pytest.mark.parametrize("flag", ["--exit-when-settled", "--exit-when-ready"])
@pytest.mark.parametrize(("make", "words"), REFUSED, ids=[make.__name__ for make, _ in REFUSED])
def test_a_scripted_start_on_a_refused_file_exits_1_with_the_message(
    tmp_path: Path, make: Callable[[Path], Iterator[Path]], words: str, flag: str
) -> None:
    made = make(tmp_path)
    path = next(made)
    try:
        before = digests(path)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PORTFOLIO_HOME": str(tmp_path)}
        result = subprocess.run(
            [sys.executable, "-m", "portfolio", "--db", str(path), "gui", flag],
            env=env,
            capture_output=True,
            text=True,
            timeout=HANG,
        )
        assert digests(path) == before
    finally:
        made.close()
    assert result.returncode == 1, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and words in errors[0], result.stderr
    assert "Traceback" not in result.stderr


# -- an interactive start -------------------------------------------------------------------


class Choices:
    """Stands in for the user at each message box: clicks the next named button."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *clicks: str) -> None:
        self.clicks = list(clicks)
        self.shown: list[tuple[str, list[str]]] = []

        def exec_(box: QMessageBox) -> int:
            self.shown.append((box.text(), [button.text() for button in box.buttons()]))
            label = self.clicks.pop(0)
            next(button for button in box.buttons() if button.text() == label).click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_)


def choose_file(monkeypatch: pytest.MonkeyPatch, *names: Path | None) -> list[str]:
    """The file chooser returns each of `names` in turn (None: the user cancels)."""
    asked: list[str] = []
    answers = list(names)

    def get_open_file_name(_parent, _caption, folder, _filter):  # type: ignore[no-untyped-def]
        asked.append(folder)
        name = answers.pop(0)
        return (str(name) if name else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    return asked


def context(tmp_path: Path, path: Path) -> CliContext:
    return CliContext(paths=AppPaths(tmp_path / "data", tmp_path / "logs"), db_path=path)


@pytest.mark.parametrize(
    ("make", "words"), REFUSED[:4], ids=[make.__name__ for make, _ in REFUSED[:4]]
)
def test_an_interactive_start_explains_and_opens_another_file_on_request(
    qtbot, tmp_path: Path, monkeypatch, make: Callable[[Path], Iterator[Path]], words: str
) -> None:
    made = make(tmp_path)
    refused = next(made)
    other = a_portfolio(tmp_path / "other" / "mine.sqlite", learner="Ana Other")
    before = digests(refused)
    choices = Choices(monkeypatch, OPEN_ANOTHER)
    asked = choose_file(monkeypatch, other)
    ctx = context(tmp_path, refused)
    try:
        database = open_with_recovery(ctx)
        assert database is not None and database.path == other
        with database.read_session() as session:
            assert [row.name for row in list_learners(session)] == ["Ana Other"]
        assert ctx.db_path == other
        assert digests(refused) == before  # (while another program still holds it)
    finally:
        ctx.close()
        made.close()
    [(text, buttons)] = choices.shown
    assert words in text and str(refused) in text
    assert buttons == [OPEN_ANOTHER, QUIT]
    assert asked == [str(refused.parent)]  # the chooser starts beside the refused file


def test_quit_leaves_the_refused_file_untouched_and_unlocked(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    made = foreign_live_wal(tmp_path)
    refused = next(made)
    before = digests(refused)
    choices = Choices(monkeypatch, QUIT)
    ctx = context(tmp_path, refused)
    try:
        assert open_with_recovery(ctx) is None
        with InstanceLock(refused) as lock:  # nothing of this start holds the file
            assert lock.held
        assert digests(refused) == before
    finally:
        ctx.close()
        made.close()
    assert len(choices.shown) == 1


def test_cancelling_the_file_chooser_comes_back_to_the_message(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    refused = next(newer(tmp_path))
    choices = Choices(monkeypatch, OPEN_ANOTHER, QUIT)
    choose_file(monkeypatch, None)
    ctx = context(tmp_path, refused)
    try:
        assert open_with_recovery(ctx) is None
    finally:
        ctx.close()
    assert [text for text, _ in choices.shown] == [choices.shown[0][0]] * 2
    assert "newer version" in choices.shown[0][0]


def test_another_refused_file_is_explained_in_turn(qtbot, tmp_path: Path, monkeypatch) -> None:
    first = next(foreign(tmp_path))
    second = next(newer(tmp_path))
    choices = Choices(monkeypatch, OPEN_ANOTHER, QUIT)
    choose_file(monkeypatch, second)
    ctx = context(tmp_path, first)
    try:
        assert open_with_recovery(ctx) is None
    finally:
        ctx.close()
    assert "another application" in choices.shown[0][0]
    assert "newer version" in choices.shown[1][0] and str(second) in choices.shown[1][0]


def test_run_gui_returns_1_when_the_user_quits(qtbot, tmp_path: Path, monkeypatch) -> None:
    from portfolio.app import run_gui

    refused = next(foreign(tmp_path))
    before = digests(refused)
    choices = Choices(monkeypatch, QUIT)
    ctx = context(tmp_path, refused)
    try:
        code = run_gui(
            ctx,
            learner=None,
            exit_when_ready=False,
            settings_file=tmp_path / "settings.ini",
        )
    finally:
        ctx.close()
    assert code == 1
    assert "another application" in choices.shown[0][0]
    assert digests(refused) == before
