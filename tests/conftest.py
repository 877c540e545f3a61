"""Shared fixtures. Tests never touch the real user folders: PORTFOLIO_HOME points at tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# GUI tests run without a display, in CI and on a developer's machine alike.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from portfolio.db import Database, open_database

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
REAL_WORLD = SHARED / "real-world"
DATA = Path(__file__).resolve().parent / "data"


def _real_world(*parts: str) -> Path:
    path = REAL_WORLD.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real-world sample {path} is not present (../shared is not beside the repo)")
    return path


@pytest.fixture
def real_world():  # type: ignore[no-untyped-def]
    """`real_world("openbadges", "baked.svg")`: a third-party sample from ../shared/real-world,
    or skip the test saying why (the folder is absent outside CI and the lead's machine)."""
    return _real_world


@pytest.fixture
def data_dir() -> Path:
    """tests/data: fixtures of our own making."""
    return DATA


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PORTFOLIO_HOME", str(home))
    monkeypatch.delenv("PORTFOLIO_DB", raising=False)
    return home


@pytest.fixture
def home() -> Path:
    return Path(os.environ["PORTFOLIO_HOME"])


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated, empty portfolio."""
    database = open_database(tmp_path / "portfolio.sqlite")
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db: Database) -> Database:
    """A portfolio holding the demo learners."""
    from portfolio.services.demo import load_demo

    with db.session() as session:
        load_demo(session)
    return db


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `portfolio ARGS...` in-process and capture what it prints."""
    from portfolio.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
