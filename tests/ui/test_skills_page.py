"""Skills page, suggestion chips and the ESCO import dialog, driven with qtbot."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from portfolio.models import Skill, SkillSource
from portfolio.services.learners import find_learner
from portfolio.services.records import Changed, Kind
from portfolio.services.skills import ESCO_ATTRIBUTION, claim_skill
from portfolio.services.taxonomy import ensure_builtin_taxonomy
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.dialogs.esco_import_dialog import EscoImportDialog
from portfolio.ui.pages.skills_page import UNBACKED_TEXT, SkillsPage
from portfolio.ui.tasks import Cancelled, TaskRunner
from portfolio.ui.widgets.skill_suggestions import SkillSuggestions


@pytest.fixture
def ctx(demo_db, qtbot):
    return UiContext(demo_db, AppBus(), TaskRunner(serial=True), QUndoStack())


@pytest.fixture
def audrey(demo_db) -> int:
    with demo_db.session() as s:
        learner = find_learner(s, "Audrey").id
        claim_skill(s, learner, "Digital marketing strategy")
    return learner


def rows(page: SkillsPage) -> dict[str, list[str]]:
    out = {}
    for i in range(page.table.topLevelItemCount()):
        item = page.table.topLevelItem(i)
        out[item.text(0)] = [item.text(c) for c in range(1, 5)]
    return out


def click_skill(qtbot, page: SkillsPage, label: str) -> None:
    for i in range(page.table.topLevelItemCount()):
        item = page.table.topLevelItem(i)
        if item.text(0) == label:
            rect = page.table.visualItemRect(item)
            qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no row {label}")


def test_rows_show_evidence_count_level_latest_and_unbacked(ctx, audrey, qtbot) -> None:
    page = SkillsPage(ctx)
    qtbot.addWidget(page)
    page.set_learner(audrey)
    table = rows(page)
    # Backed by a course and by volunteering that is still going on.
    assert table["Writing"] == ["Writing & research", "2", "working", "present"]
    assert table["Public speaking"][1:3] == ["2", "working"]
    assert table["Digital marketing strategy"][1] == UNBACKED_TEXT
    assert "claimed without evidence" in page.summary.text()
    assert not page.attribution.isVisibleTo(page)


def test_clicking_a_skill_highlights_its_evidence(ctx, audrey, qtbot) -> None:
    page = SkillsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.set_learner(audrey)
    click_skill(qtbot, page, "Writing")
    highlighted = page.highlighted_evidence()
    assert len(highlighted) == 2
    assert any("FASS Forward: Writing" in text for text in highlighted)
    assert any("Peer Writing Tutor" in text for text in highlighted)
    click_skill(qtbot, page, "Conflict negotiation")
    assert [t.split(" — ")[0] for t in page.highlighted_evidence()] == [
        "Credential: FASS Forward: Conflict Negotiation"
    ]
    click_skill(qtbot, page, "Digital marketing strategy")
    assert page.highlighted_evidence() == []


def test_chart_paints_bars_by_category(ctx, audrey, qtbot) -> None:
    page = SkillsPage(ctx)
    qtbot.addWidget(page)
    page.set_learner(audrey)
    bars = {b.category: b for b in page.chart.bars}
    assert bars["Digital marketing"].unbacked == 1
    assert bars["Workplace communication"].total == 3
    page.chart.resize(500, page.chart.minimumSizeHint().height())
    image = page.chart.grab().toImage()
    assert not image.isNull()
    colors = {image.pixelColor(x, 18).name() for x in range(image.width())}
    assert "#6baed6" in colors  # the "working" segment of the first bar was painted


def test_page_refreshes_on_change_and_shows_esco_attribution(ctx, audrey, qtbot) -> None:
    page = SkillsPage(ctx)
    qtbot.addWidget(page)
    page.set_learner(audrey)
    with ctx.database.session() as s:
        s.add(
            Skill(
                label="manage musical staff",
                label_key="manage musical staff",
                uri="http://data.europa.eu/esco/skill/x",
                source=SkillSource.ESCO,
            )
        )
        s.flush()
        claim_skill(s, audrey, "manage musical staff")
    ctx.bus.changed.emit(Changed(learner_id=audrey, kinds=frozenset({Kind.SKILL})))
    assert "manage musical staff" in rows(page)
    assert page.attribution.isVisibleTo(page)
    assert page.attribution.text() == ESCO_ATTRIBUTION
    page.set_learner(None)
    assert rows(page) == {}


def test_suggestion_chips_accept_and_reject_with_one_click(ctx, qtbot) -> None:
    widget = SkillSuggestions(ctx)
    qtbot.addWidget(widget)
    widget.set_source(
        "Digital Marketing Bootcamp",
        "skills in branding, analytics and content distribution",
        "Alacrity Canada",
        immediately=True,
    )
    assert {"Branding", "Content distribution"} <= set(widget.labels())
    branding = next(c for c in widget.chips if c.suggestion.label == "Branding")
    with qtbot.waitSignal(widget.accepted) as accepted:
        qtbot.mouseClick(branding.accept_button, Qt.MouseButton.LeftButton)
    assert accepted.args == [branding.suggestion.skill_id, "Branding"]
    assert "Branding" not in widget.labels()
    other = widget.chips[0]
    qtbot.mouseClick(other.reject_button, Qt.MouseButton.LeftButton)
    assert other.suggestion.label not in widget.labels()
    widget.set_source(
        "Digital Marketing Bootcamp", "branding and content distribution", immediately=True
    )
    # Neither the accepted nor the rejected skill comes back.
    assert "Branding" not in widget.labels()
    assert other.suggestion.label not in widget.labels()


def test_esco_dialog_imports_with_progress(ctx, qtbot, real_world, monkeypatch) -> None:
    sample = real_world("esco", "skills_en-sample.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sample), ""))
    dialog = EscoImportDialog(ctx)
    qtbot.addWidget(dialog)
    seen = []
    ctx.bus.changed.connect(seen.append)
    dialog.browse()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_value is not None and dialog.result_value.added == 163
    assert dialog.progress.value() == 100
    assert seen and seen[0].kinds == frozenset({Kind.SKILL})


def test_esco_dialog_cancel_and_bad_file_import_nothing(ctx, qtbot, tmp_path, real_world) -> None:
    with ctx.database.session() as s:
        ensure_builtin_taxonomy(s)
        before = s.scalar(select(func.count()).select_from(Skill))
    dialog = EscoImportDialog(ctx)
    qtbot.addWidget(dialog)
    bad = tmp_path / "notes.csv"
    bad.write_text("name,email\n", encoding="utf-8")
    dialog.path_edit.setText(str(bad))
    dialog.start()
    assert dialog.status.text().startswith("notes.csv, line 1:")

    def cancel_midway(done, total, message):
        raise Cancelled()

    dialog._on_progress = cancel_midway
    dialog.path_edit.setText(str(real_world("esco", "skills_en-sample.csv")))
    dialog.start()
    assert "cancelled" in dialog.status.text()
    assert dialog.import_button.isEnabled()
    with ctx.database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Skill)) == before


def test_esco_suggestions_carry_the_attribution(ctx, qtbot, real_world) -> None:
    from portfolio.importers.esco import import_esco

    with ctx.database.session() as s:
        import_esco(s, real_world("esco", "skills_en-sample.csv"))
    widget = SkillSuggestions(ctx)
    qtbot.addWidget(widget)
    widget.set_source("Orchestra manager", "We manage musical staff.", immediately=True)
    assert "manage musical staff" in widget.labels()
    assert widget.attribution.isVisibleTo(widget)
    widget.set_source("FASS Forward: Writing", immediately=True)
    assert not widget.attribution.isVisibleTo(widget)
