"""Where the desktop app keeps its window state (size, splitters, last page, last learner).

Always an INI file in the app's data folder, so PORTFOLIO_HOME moves it too and tests never touch
the real user settings.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings

from portfolio.paths import AppPaths

SETTINGS_FILENAME = "gui-settings.ini"


def settings_path(paths: AppPaths | None = None) -> Path:
    return (paths or AppPaths.from_environment()).data_dir / SETTINGS_FILENAME


def open_settings(path: Path | None = None) -> QSettings:
    """The settings, in a file private to the user (0600) like everything the app writes."""
    path = path or settings_path()
    # QSettings writes through QSaveFile, which keeps the mode of the file it replaces: create it
    # private first (it names the last learner), and make an older 0644 one private.
    with contextlib.suppress(OSError):  # a read-only folder: QSettings reports its own status
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    return QSettings(str(path), QSettings.Format.IniFormat)
