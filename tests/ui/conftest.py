"""GUI test fixtures: a main window on a real database, and no leaked windows or dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    before = {id(w) for w in qapp.topLevelWidgets() if w.isVisible()}
    yield
    qapp.processEvents()
    leaked = [w for w in qapp.topLevelWidgets() if w.isVisible() and id(w) not in before]
    for widget in leaked:
        widget.close()
    assert not leaked, f"windows or dialogs left open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture(autouse=True)
def _unsaved_work_is_discarded_unless_a_test_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window or dialog closed at teardown with typed work would ask Save/Discard/Cancel in a
    real box nobody clicks; tests that care about the question stub it themselves."""
    from PySide6.QtWidgets import QMessageBox

    from portfolio.ui import unsaved

    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda *_a: discard)


@pytest.fixture
def make_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from portfolio.app import build_window
    from portfolio.ui.settings import open_settings

    def make(database, learner: str | None = None, settings_file: Path | None = None):  # type: ignore[no-untyped-def]
        window = build_window(
            database,
            settings=open_settings(settings_file or tmp_path / "settings.ini"),
            learner=learner,
            serial_tasks=True,
        )
        qtbot.addWidget(window)
        # As a person meets it: shown and painted (files can be dropped on it from then on).
        with qtbot.waitSignal(window.first_paint, timeout=10_000):
            window.show()
        qtbot.waitExposed(window)
        return window

    return make
