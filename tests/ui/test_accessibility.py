"""Keyboard and screen-reader use of every page and dialog: one Alt+letter per place, a name on
every control. Each test walks the whole app (tests/ui/walk.py) and lists every offender."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.ui.walk import mnemonic_clashes, unnamed_widgets, walk

EVERY_STOP = {
    "File menu",
    "Edit menu",
    "View menu",
    "Go to learner menu",
    "Help menu",
    "Profile page",
    "Credentials page",
    "Experience page",
    "Skills page",
    "Goals page",
    "Sessions page",
    "CV page",
    "Credential editor (new)",
    "Credential editor (edit)",
    "Experience editor (new)",
    "Experience editor (edit)",
    "Role dialog (new)",
    "Role dialog (edit)",
    "New CV variant",
    "New learner",
    "Quick switcher",
    "About box",
    "User guide",
    "Keyboard shortcuts",
    "Delete learner",
    "Import preview",
    "Import preview (into a new learner)",
    "Backups",
    "ESCO import",
}


def _walk_and_collect(demo_db, make_window, qtbot, data_dir, check) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    problems: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        problems.extend(f"{name}: {problem}" for problem in check(top))

    names = walk(window, qtbot, visit, data_dir / "io" / "ob3_credential.json")
    return names, problems


def test_no_alt_letter_reaches_two_places(demo_db, make_window, qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    names, clashes = _walk_and_collect(demo_db, make_window, qtbot, data_dir, mnemonic_clashes)
    assert set(names) == EVERY_STOP
    assert not clashes, "duplicate mnemonics:\n" + "\n".join(clashes)


def test_every_control_has_a_name_for_screen_readers(demo_db, make_window, qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    names, unnamed = _walk_and_collect(demo_db, make_window, qtbot, data_dir, unnamed_widgets)
    assert set(names) == EVERY_STOP
    assert not unnamed, "controls without an accessible name:\n" + "\n".join(unnamed)


def test_the_welcome_page_of_an_empty_portfolio_passes_both_checks(db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    # The one page the demo walk cannot reach: it shows only while there is no learner.
    window = make_window(db)
    qtbot.waitUntil(lambda: window.welcome.isVisible())
    assert window.welcome.demo_button.isVisible() and window.welcome.new_button.isVisible()
    problems = [f"clash: {p}" for p in mnemonic_clashes(window)]
    problems += [f"unnamed: {p}" for p in unnamed_widgets(window)]
    assert not problems, "\n".join(problems)
