"""Goals page with real widgets: target roles drive the gap; export writes the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox

from portfolio.services import learners, roles
from portfolio.services.goal_records import Coverage
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.pages.goals_page import GoalsPage
from portfolio.ui.tasks import TaskRunner
from portfolio.ui.widgets.goals_widgets import GapTableModel, status_colours

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def ctx(demo_db):  # type: ignore[no-untyped-def]
    return UiContext(demo_db, AppBus(), TaskRunner(serial=True), QUndoStack())


@pytest.fixture
def no_dialogs(monkeypatch):  # type: ignore[no-untyped-def]
    """Fail the test if a message box would block it."""

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, boom)


def _page(qtbot, ctx, name: str) -> GoalsPage:  # type: ignore[no-untyped-def]
    page = GoalsPage(ctx)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    with ctx.database.read_session() as s:
        page.set_learner(learners.find_learner(s, name).id)
    return page


def _rows(page: GoalsPage) -> dict[str, str]:
    model = page.gap_model
    return {
        model.index(r, GapTableModel.SKILL).data(): model.index(r, GapTableModel.STATUS).data()
        for r in range(model.rowCount())
    }


def test_samanthas_first_target_role_is_shown_with_coverage_and_words(
    qtbot, ctx, no_dialogs
) -> None:
    page = _page(qtbot, ctx, "Samantha Kolb")
    assert page.role_picker.count() >= 40
    assert page.role_list.count() == 2
    assert page.role_title.text() == "Digital Marketing Coordinator"
    rows = _rows(page)
    assert rows["Branding"] == "✓ Covered"
    assert rows["Email marketing"] == "✗ Missing"
    assert rows["Search engine optimization"].startswith("◐ Partly covered")
    assert page.coverage_bar.value() == round(page.report.score)  # type: ignore[union-attr]
    assert page.program_table.rowCount() > 0
    assert page.expiry_list.count() == 2
    assert "Azure Fundamentals" in page.expiry_list.item(1).text()


def test_setting_a_target_role_updates_the_gap_and_persists(qtbot, ctx, no_dialogs) -> None:
    page = _page(qtbot, ctx, "Samantha Kolb")
    page.role_picker.setEditText("cloud administrator")
    qtbot.mouseClick(page.add_role_button, Qt.MouseButton.LeftButton)
    assert page.role_title.text() == "Cloud Administrator"
    assert _rows(page)["Microsoft Azure"] == "✓ Covered"
    programs = [page.program_table.item(r, 0).text() for r in range(page.program_table.rowCount())]
    assert any(p.startswith("Canada Skills Program: Microsoft Azure") for p in programs)
    with ctx.database.read_session() as s:
        sam = learners.find_learner(s, "Samantha Kolb").id
        names = [r.name for r in roles.target_roles(s, sam)]
    assert names[-1] == "Cloud Administrator"
    page.role_list.setCurrentRow(0)
    assert page.role_title.text() == "Digital Marketing Coordinator"
    page.role_list.setCurrentRow(2)
    qtbot.mouseClick(page.remove_role_button, Qt.MouseButton.LeftButton)
    assert page.role_list.count() == 2


def test_an_unknown_role_name_is_explained(qtbot, ctx, monkeypatch) -> None:
    page = _page(qtbot, ctx, "Samantha Kolb")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    page.role_picker.setEditText("Astronaut")
    qtbot.mouseClick(page.add_role_button, Qt.MouseButton.LeftButton)
    assert shown and "No role called “Astronaut”" in shown[0]
    assert page.role_list.count() == 2


def test_pathway_progress_bars_show_credits_and_items(qtbot, ctx, no_dialogs) -> None:
    audrey = _page(qtbot, ctx, "Audrey Heath")
    texts = [w.text() for w in audrey.pathway_box.findChildren(type(audrey.role_title))]
    assert "FASS Forward micro-courses toward the BA" in texts
    from PySide6.QtWidgets import QProgressBar

    [bar] = audrey.pathway_box.findChildren(QProgressBar)
    assert bar.value() == bar.maximum()
    assert "3 of 3 credits" in texts  # beside the bar, not inside it over the filled part
    assert not bar.isTextVisible()
    audrey.set_learner(None)
    assert audrey.pathway_box.findChildren(QProgressBar) == []
    assert not audrey.add_role_button.isEnabled()


def test_status_colours_stay_readable_in_light_and_dark_palettes() -> None:
    for window in ("#f5f5f5", "#202124"):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Window, QColor(window))
        for coverage in Coverage:
            ink, tint = status_colours(coverage, palette)
            assert abs(ink.lightness() - tint.lightness()) > 100, (window, coverage)


def test_export_action_plan_writes_the_pdf(qtbot, ctx, no_dialogs, tmp_path, monkeypatch) -> None:
    page = _page(qtbot, ctx, "Samantha Kolb")
    target = tmp_path / "plan"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF files (*.pdf)")
    )
    messages: list[str] = []
    ctx.bus.status.connect(messages.append)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    written = Path(str(target) + ".pdf")
    assert written.read_bytes().startswith(b"%PDF")
    assert messages == [f"Action plan saved to {written}"]


def test_new_role_dialog_saves_a_custom_role_and_targets_it(
    qtbot, ctx, no_dialogs, monkeypatch
) -> None:
    from portfolio.ui.pages.role_dialog import RoleDialog

    page = _page(qtbot, ctx, "Audrey Heath")
    attempts: list[str] = []

    def fill_and_save(dialog: RoleDialog) -> int:
        dialog.name.setText("Communications Officer")  # taken: the form says so and stays open
        dialog.essential.setText("Public speaking, Writing")
        dialog.save()
        attempts.append(dialog.error.text())
        dialog.name.setText("Campus Events Storyteller")
        dialog.optional.setText("Branding")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RoleDialog, "exec", fill_and_save)
    qtbot.mouseClick(page.new_role_button, Qt.MouseButton.LeftButton)
    assert "already exists" in attempts[0]
    assert page.role_title.text() == "Campus Events Storyteller"
    rows = _rows(page)
    assert rows["Public speaking"] == "✓ Covered"
    assert rows["Writing"] == "✓ Covered"
    assert rows["Branding"] == "✗ Missing"
    assert page.role_picker.findText("Campus Events Storyteller") >= 0


def test_edit_role_dialog_changes_the_selected_role(qtbot, ctx, no_dialogs, monkeypatch) -> None:
    from portfolio.ui.pages.role_dialog import RoleDialog

    page = _page(qtbot, ctx, "Daniel Moreau")

    def edit(dialog: RoleDialog) -> int:
        assert dialog.name.text() == "Supply Chain Analyst"
        assert "Demand forecasting" in dialog.essential.text()
        dialog.essential.setText("Logistics")
        dialog.optional.setText("")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RoleDialog, "exec", edit)
    qtbot.mouseClick(page.edit_role_button, Qt.MouseButton.LeftButton)
    assert list(_rows(page)) == ["Logistics"]
    assert page.coverage_bar.value() == 100


def test_coverage_figure_counts_and_rule_are_readable_labels(qtbot, ctx, no_dialogs) -> None:
    page = _page(qtbot, ctx, "Samantha Kolb")
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.coverage_figure.text() == "43% coverage"
    assert page.coverage_counts.text() == "4 covered · 2 partly covered · 9 missing"
    assert page.coverage_rule.text().startswith(
        "9.5 of 22 points: an essential skill is worth 2 points and an optional one 1;"
    )
    # The figure is not drawn inside the bar, where it straddled the filled edge.
    assert not page.coverage_bar.isTextVisible()
    for label in (page.coverage_figure, page.coverage_counts):
        assert label.isVisible()
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_role_dialog_offers_the_skill_a_typo_meant_or_a_new_skill(
    qtbot, ctx, no_dialogs, monkeypatch
) -> None:
    from portfolio.ui.pages.role_dialog import RoleDialog

    page = _page(qtbot, ctx, "Audrey Heath")
    seen: list[tuple[str, list[str], str]] = []

    def fill_and_save(dialog: RoleDialog) -> int:
        dialog.show()
        dialog.name.setText("Campus Zine Editor")
        dialog.essential.setText("Public speaking, Bradning")
        dialog.optional.setText("Risography")
        dialog.save()  # a typo: nothing saved, the dialog says what it may mean
        seen.append(
            (
                dialog.unknown_text.text(),
                [b.text() for b in dialog.suggestion_buttons],
                dialog.create_skill_button.text(),
            )
        )
        assert dialog.unknown_box.isVisible() and dialog.result() == 0
        qtbot.mouseClick(dialog.suggestion_buttons[0], Qt.MouseButton.LeftButton)
        assert dialog.essential.text() == "Public speaking, Branding"
        # Then the next unknown name, which has no close match: only "create" is offered.
        seen.append((dialog.unknown_text.text(), [], dialog.create_skill_button.text()))
        assert dialog.suggestion_buttons == [] and dialog.result() == 0
        qtbot.mouseClick(dialog.create_skill_button, Qt.MouseButton.LeftButton)
        assert not dialog.unknown_box.isVisible()
        result = dialog.result()
        dialog.hide()
        return result

    monkeypatch.setattr(RoleDialog, "exec", fill_and_save)
    qtbot.mouseClick(page.new_role_button, Qt.MouseButton.LeftButton)
    assert seen == [
        (
            "No skill “Bradning” in the taxonomy; did you mean “Branding”?",
            ["Use “Branding”"],
            "Create new skill “Bradning”",
        ),
        ("No skill “Risography” in the taxonomy.", [], "Create new skill “Risography”"),
    ]
    assert page.role_title.text() == "Campus Zine Editor"
    assert set(_rows(page)) == {"Public speaking", "Branding", "Risography"}
    with ctx.database.read_session() as s:
        role = roles.get_role(s, roles.find_role(s, "Campus Zine Editor").id)
    assert [(x.label, x.importance.value) for x in role.skills] == [
        ("Branding", "essential"),
        ("Public speaking", "essential"),
        ("Risography", "optional"),
    ]
