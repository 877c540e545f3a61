"""Every file the app writes that holds personal data is private to the user (mode 0600),
whatever the umask: exports (CV, action plan, JSON Resume, portfolio file, CSV), backups, the
window settings (they name the last learner) and the log (issue #18, group 8)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual desktop umask, which would give 0644
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_export_command_writes_a_private_file(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo").code == 0
    out = tmp_path / "out"
    out.mkdir()
    runs = {
        "cv.pdf": ("export-cv", "--learner", "Samantha Kolb"),
        "resume.json": ("export", "--learner", "Samantha Kolb", "--format", "jsonresume"),
        "all.lpportfolio": ("export", "--learner", "Samantha Kolb", "--format", "portfolio"),
        "creds.csv": ("export", "--learner", "Samantha Kolb", "--format", "csv"),
    }
    for name, args in runs.items():
        result = cli(*args, "-o", str(out / name))
        assert result.code == 0, result.err
        assert _mode(out / name) == 0o600, name
    # Replacing an export that an older version wrote 0644 makes it private too.
    (out / "cv.pdf").chmod(0o644)
    assert cli(*runs["cv.pdf"], "-o", str(out / "cv.pdf")).code == 0
    assert _mode(out / "cv.pdf") == 0o600


def test_the_window_settings_file_is_private(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.settings import open_settings

    path = tmp_path / "gui-settings.ini"
    settings = open_settings(path)
    settings.setValue("window/last_learner", "Samantha Kolb")
    settings.sync()
    assert "Samantha Kolb" in path.read_text()
    assert _mode(path) == 0o600
    # One written 0644 by an earlier version is made private when the app opens it.
    path.chmod(0o644)
    settings = open_settings(path)
    settings.setValue("window/page", 2)
    settings.sync()
    assert _mode(path) == 0o600
