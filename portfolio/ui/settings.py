"""Where the desktop app keeps its window state (size, splitters, last page, last learner).

Always an INI file in the app's data folder, so PORTFOLIO_HOME moves it too and tests never touch
the real user settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from portfolio.paths import AppPaths

SETTINGS_FILENAME = "gui-settings.ini"


def settings_path(paths: AppPaths | None = None) -> Path:
    return (paths or AppPaths.from_environment()).data_dir / SETTINGS_FILENAME


def open_settings(path: Path | None = None) -> QSettings:
    return QSettings(str(path or settings_path()), QSettings.Format.IniFormat)
