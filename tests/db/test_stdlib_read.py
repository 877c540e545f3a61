"""The stdlib read paths (export-cv, the first window) share one snapshot helper."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from portfolio.db import Database
from portfolio.db.cv_read import load_cv_content_fast
from portfolio.db.first_screen import read_switcher
from portfolio.db.stdlib_read import snapshot
from portfolio.errors import UserError

READERS: dict[str, Callable[[Path], object]] = {
    "export-cv": lambda path: load_cv_content_fast(path, "Samantha"),
    "first window": lambda path: snapshot(path, read_switcher),
}


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_a_long_write_elsewhere_is_reported_in_words(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, reader: Callable[[Path], object]
) -> None:
    monkeypatch.setattr("portfolio.db.lock.BUSY_TIMEOUT_MS", 50)
    demo_db.dispose()
    assert reader(demo_db.path)  # reads while nobody writes
    blocker = sqlite3.connect(demo_db.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="is busy: another program is writing"):
            reader(demo_db.path)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
