"""The CV page: choose a variant, template and page size, pin or hide items, see the PDF live.

Every change restarts a short timer; when it fires, the CV is built, rendered and rasterised on
a worker thread (ctx.tasks) and the page images replace the preview. Results of renders that a
newer change overtook are dropped, so the preview always shows the latest state and the window
never waits for ReportLab.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.enums import CvItemState
from portfolio.errors import UserError
from portfolio.services import cv_variants
from portfolio.services.cv_content import load_cv_content
from portfolio.services.records import Changed, Kind
from portfolio.ui import commands_cv, messages
from portfolio.ui.commands import id_map
from portfolio.ui.context import UiContext
from portfolio.ui.cv_preview import CvRequest, RenderedCv, render_cv
from portfolio.ui.export_files import ExportedBar, ask_save_path, export_file_name

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
ROLE_ID = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_SCALE = 1.25


class CvPage(QWidget):
    """Variant list, template and page-size choosers, item pinning and a live preview."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.learner_id: int | None = None
        self._generation = 0
        self._loading = False
        self._pushing = False  # our own undoable change: already shown
        self.last_render: RenderedCv | None = None

        self.variants = QListWidget()
        self.variants.setAccessibleName("CV variants")
        self.variants.setToolTip(
            "A variant is a saved, named selection of this portfolio for one kind of job; "
            "“Everything” shows every record"
        )
        self.new_button = QPushButton("New variant…")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete")
        self.role = QComboBox()
        self.role.setToolTip(
            "Choosing a role proposes a selection: its skills lead and unrelated items are "
            "hidden; pin or hide anything afterwards"
        )
        self.template = QComboBox()
        for name in cv_variants.TEMPLATES:
            self.template.addItem(name.capitalize(), name)
        self.page_size = QComboBox()
        self.page_size.addItem("Letter", "letter")
        self.page_size.addItem("A4", "a4")
        self.qr_codes = QCheckBox("QR codes to verification links")
        self.qr_codes.setToolTip(
            "Print a small QR code beside each credential that has a verification link, so a "
            "reader can check it with a phone"
        )
        self.show_levels = QCheckBox("Show skill strength")
        self.show_levels.setChecked(True)
        self.show_levels.setToolTip(
            "Print a marker of each skill's strongest level (awareness, working, proficient, "
            "expert) beside it"
        )
        self.items = QTreeWidget()
        self.items.setAccessibleName("Items on the CV")
        self.items.setHeaderLabels(["Shown", "Pinned"])
        header_item = self.items.headerItem()
        header_item.setToolTip(0, "Untick an item to leave it out of this variant")
        header_item.setToolTip(1, "Pinned items come first in their section")
        self.items.setColumnWidth(0, 215)
        self.variants.setMaximumHeight(130)
        self.warning = QLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9a3412;")
        self.warning.hide()
        self.export_button = QPushButton("Export PDF…")
        self.exported = ExportedBar()
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        form = QFormLayout()
        form.addRow("Target role", self.role)
        form.addRow("Template", self.template)
        form.addRow("Page size", self.page_size)
        side = QVBoxLayout()
        side.addWidget(QLabel("CV variants"))
        side.addWidget(self.variants, 1)
        side.addLayout(buttons)
        side.addLayout(form)
        side.addWidget(self.qr_codes)
        side.addWidget(self.show_levels)
        side.addWidget(QLabel("Items (untick to hide, tick “Pinned” to put first)"))
        side.addWidget(self.items, 2)
        side.addWidget(self.warning)
        side.addWidget(self.export_button)
        side.addWidget(self.exported)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMinimumWidth(300)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(16)
        self.preview_area = QScrollArea()
        self.preview_area.setWidget(self.pages)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setStyleSheet("QScrollArea { background: #8a8f98; }")
        preview = QVBoxLayout()
        preview.addWidget(self.status)
        preview.addWidget(self.preview_area, 1)
        preview_widget = QWidget()
        preview_widget.setLayout(preview)

        splitter = QSplitter()
        splitter.addWidget(side_widget)
        splitter.addWidget(preview_widget)
        splitter.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)

        self.variants.currentRowChanged.connect(self._variant_changed)
        self.new_button.clicked.connect(self.new_variant)
        self.rename_button.clicked.connect(self.rename_variant)
        self.delete_button.clicked.connect(self.delete_variant)
        self.role.currentIndexChanged.connect(self._role_changed)
        for combo in (self.template, self.page_size):
            combo.currentIndexChanged.connect(self._options_changed)
        for box in (self.qr_codes, self.show_levels):
            box.toggled.connect(self._options_changed)
        self.items.itemChanged.connect(self._item_changed)
        self.export_button.clicked.connect(self.export_pdf)
        ctx.bus.changed.connect(self._on_changed)
        self._set_enabled()
        self._load_role_library()

    def _load_role_library(self) -> None:
        """On a fresh portfolio the Target role list would be empty until the Goals page loaded
        the role library: load it here too (in the background), then fill the list."""
        from portfolio.ui.role_library import ensure_library

        database = self.ctx.database

        def done(loaded: bool) -> None:
            if loaded:  # every view showing roles refreshes, this one included
                self.ctx.bus.changed.emit(Changed(None, frozenset({Kind.GOALS})))
            elif self.learner_id is not None and self.role.count() <= 1:
                self._reload_variants(select=self.current_variant_id())

        self.ctx.tasks.submit(lambda _progress: ensure_library(database), on_done=done)

    # -- state --------------------------------------------------------------------------------

    def set_learner(self, learner_id: int | None) -> None:
        """Show the CV of `learner_id` (None: nothing)."""
        self.learner_id = learner_id
        self.exported.hide()
        self._reload_variants()
        self.schedule()

    def current_variant_id(self) -> int | None:
        item = self.variants.currentItem()
        return None if item is None else item.data(ROLE_ID)

    def request(self) -> CvRequest | None:
        if self.learner_id is None:
            return None
        return CvRequest(
            learner_id=self.learner_id,
            variant_id=self.current_variant_id(),
            template=self.template.currentData(),
            page_size=self.page_size.currentData(),
            qr_codes=self.qr_codes.isChecked(),
            show_levels=self.show_levels.isChecked(),
        )

    def _set_enabled(self) -> None:
        has_learner = self.learner_id is not None
        has_variant = self.current_variant_id() is not None
        self.new_button.setEnabled(has_learner)
        self.delete_button.setEnabled(has_variant)
        self.rename_button.setEnabled(has_variant)
        self.role.setEnabled(has_variant)
        self.items.setEnabled(has_variant)
        self.export_button.setEnabled(has_learner)

    def _reload_variants(self, select: int | None = None) -> None:
        self._loading = True
        try:
            self.variants.clear()
            everything = QListWidgetItem("Everything (no variant)")
            everything.setData(ROLE_ID, None)
            self.variants.addItem(everything)
            self.role.clear()
            self.role.addItem("(no target role)", None)
            if self.learner_id is not None:
                with self.ctx.database.read_session() as session:
                    variants = cv_variants.list_variants(session, self.learner_id)
                    roles = cv_variants.list_roles(session)
                for variant in variants:
                    item = QListWidgetItem(variant.name)
                    item.setData(ROLE_ID, variant.id)
                    self.variants.addItem(item)
                    if variant.id == select:
                        self.variants.setCurrentItem(item)
                for role_id, name in roles:
                    self.role.addItem(name, role_id)
            if self.variants.currentItem() is None:
                self.variants.setCurrentRow(0)
        finally:
            self._loading = False
        self._load_variant()

    def _load_variant(self) -> None:
        """Show the selected variant's options and items."""
        self._loading = True
        try:
            variant_id = self.current_variant_id()
            variant = None
            self.items.clear()
            if self.learner_id is not None:
                with self.ctx.database.read_session() as session:
                    content = load_cv_content(session, self.learner_id)
                    if variant_id is not None:
                        variant = cv_variants.get_variant(session, variant_id)
                self._fill_items(content, variant)
            if variant is not None:
                self.template.setCurrentIndex(self.template.findData(variant.template))
                self.page_size.setCurrentIndex(self.page_size.findData(variant.page_size))
                self.qr_codes.setChecked(variant.qr_codes)
                self.show_levels.setChecked(variant.show_levels)
                index = self.role.findData(variant.target_role_id)
                self.role.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False
        self._set_enabled()

    def _fill_items(self, content: Any, variant: cv_variants.VariantRecord | None) -> None:
        tailoring = variant.tailoring if variant else cv_variants.Tailoring()
        skills: dict[int, str] = {}
        for record in (*content.credentials, *content.experiences):
            for link in record.skill_links:
                skills.setdefault(link.skill_id, link.label)
        for claimed in content.claimed_skills:
            skills.setdefault(claimed.skill_id, claimed.label)
        sections = [
            ("Credentials", "credential", [(c.id, c.title) for c in content.credentials]),
            ("Experience", "experience", [(e.id, e.title) for e in content.experiences]),
            ("Skills", "skill", sorted(skills.items(), key=lambda p: p[1].casefold())),
        ]
        for title, kind, rows in sections:
            top = QTreeWidgetItem([title])
            self.items.addTopLevelItem(top)
            for ref_id, text in rows:
                choice = tailoring.choice(kind, ref_id)  # type: ignore[arg-type]
                state = choice.state if choice else CvItemState.AUTO
                child = QTreeWidgetItem([text, ""])
                child.setData(0, ROLE_ID, ref_id)
                child.setData(0, KIND_ROLE, kind)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                hidden = state == CvItemState.HIDDEN
                pinned = state == CvItemState.PINNED
                child.setCheckState(0, Qt.CheckState.Unchecked if hidden else Qt.CheckState.Checked)
                child.setCheckState(1, Qt.CheckState.Checked if pinned else Qt.CheckState.Unchecked)
                top.addChild(child)
            top.setExpanded(kind != "skill")

    # -- user actions -------------------------------------------------------------------------

    def _variant_changed(self, _row: int) -> None:
        if self._loading:
            return
        self._load_variant()
        self.schedule()

    def _options_changed(self, *_: Any) -> None:
        if self._loading:
            return
        variant_id = self.current_variant_id()
        if variant_id is not None:
            role_id = self.role.currentData()
            self._change(
                variant_id,
                "Change CV options",
                lambda s: self._save_options(s, variant_id, role_id),
            )
        self.schedule()

    def _save_options(self, session: Any, variant_id: int, role_id: int | None) -> None:
        current = cv_variants.get_variant(session, variant_id)
        cv_variants.update_variant(
            session,
            variant_id,
            cv_variants.VariantInput(
                name=current.name,
                template=self.template.currentData(),
                page_size=self.page_size.currentData(),
                target_role_id=role_id,
                focus_skill_ids=current.focus_skill_ids,
                qr_codes=self.qr_codes.isChecked(),
                show_levels=self.show_levels.isChecked(),
                note=current.note,
            ),
        )

    def _change(self, variant_id: int, text: str, change: Any) -> None:
        """Apply `change(session)` to the variant as one undoable step."""
        if self.learner_id is None:
            return
        self._pushing = True
        try:
            commands_cv.change_variant(self.ctx, self.learner_id, variant_id, text, change)
        finally:
            self._pushing = False

    def _role_changed(self, _index: int) -> None:
        """A new target role re-proposes the selection (the user can then adjust it)."""
        learner_id = self.learner_id
        if self._loading or learner_id is None:
            return
        variant_id = self.current_variant_id()
        if variant_id is None:
            return
        role_id = self.role.currentData()

        def retailor(session: Any) -> None:
            content = load_cv_content(session, learner_id)
            tailoring = (
                cv_variants.propose_for_role(session, content, role_id)
                if role_id is not None
                else cv_variants.Tailoring()
            )
            cv_variants.apply_tailoring(session, variant_id, tailoring)
            self._save_options(session, variant_id, role_id)

        self._change(variant_id, f"Target role “{self.role.currentText()}”", retailor)
        self._load_variant()
        self.schedule()

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading:
            return
        variant_id = self.current_variant_id()
        kind = item.data(0, KIND_ROLE)
        if variant_id is None or kind is None:
            return
        shown = item.checkState(0) == Qt.CheckState.Checked
        pinned = item.checkState(1) == Qt.CheckState.Checked
        if column == 1 and pinned and not shown:
            self._loading = True
            item.setCheckState(0, Qt.CheckState.Checked)
            self._loading = False
            shown = True
        if column == 0 and not shown and pinned:
            self._loading = True
            item.setCheckState(1, Qt.CheckState.Unchecked)
            self._loading = False
            pinned = False
        state = (
            CvItemState.PINNED if pinned else (CvItemState.AUTO if shown else CvItemState.HIDDEN)
        )
        ref_id = item.data(0, ROLE_ID)
        verb = {CvItemState.PINNED: "Pin", CvItemState.AUTO: "Show", CvItemState.HIDDEN: "Hide"}
        self._change(
            variant_id,
            f"{verb[state]} “{item.text(0)}” on the CV",
            lambda s: cv_variants.set_item_state(s, variant_id, kind, ref_id, state),
        )
        self.schedule()

    def new_variant(self) -> None:
        if self.learner_id is None:
            return
        name, ok = QInputDialog.getText(self, "New CV variant", "Name (e.g. Digital marketing):")
        if not ok or not name.strip():
            return
        self._pushing = True
        try:
            variant_id = commands_cv.create_variant(
                self.ctx,
                self.learner_id,
                cv_variants.VariantInput(
                    name=name,
                    template=self.template.currentData(),
                    page_size=self.page_size.currentData(),
                    qr_codes=self.qr_codes.isChecked(),
                    show_levels=self.show_levels.isChecked(),
                ),
            )
        except UserError as exc:
            QMessageBox.warning(self, "New CV variant", str(exc))
            return
        finally:
            self._pushing = False
        self._reload_variants(select=variant_id)
        self.schedule()

    def rename_variant(self) -> None:
        variant_id = self.current_variant_id()
        item = self.variants.currentItem()
        if variant_id is None or item is None:
            return
        old = item.text()
        name, ok = QInputDialog.getText(
            self, "Rename CV variant", "New name:", QLineEdit.EchoMode.Normal, old
        )
        if not ok or not name.strip() or name == old:
            return

        def rename(session: Any) -> None:
            current = cv_variants.get_variant(session, variant_id)
            cv_variants.update_variant(session, variant_id, replace(current, name=name))

        try:
            self._change(variant_id, f"Rename CV variant “{old}”", rename)
        except UserError as exc:
            QMessageBox.warning(self, "Rename CV variant", str(exc))
            return
        self._reload_variants(select=variant_id)

    def delete_variant(self) -> None:
        variant_id = self.current_variant_id()
        item = self.variants.currentItem()
        if variant_id is None or item is None or self.learner_id is None:
            return
        undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        if not messages.ask_yes_no(
            self,
            "Delete CV variant",
            f"Delete the CV variant “{item.text()}”? Your credentials and experience stay as "
            f"they are. You can undo this with {undo}.",
        ):
            return
        self._pushing = True
        try:
            commands_cv.delete_variant(self.ctx, self.learner_id, variant_id)
        finally:
            self._pushing = False
        self._reload_variants()
        self.schedule()

    def _variant_ids(self) -> list[int]:
        found = (self.variants.item(i).data(ROLE_ID) for i in range(self.variants.count()))
        return [i for i in found if i is not None]

    # Edit-menu actions of the main window (Ctrl+N, Delete).
    def add(self) -> None:
        self.new_variant()

    def delete(self) -> None:
        self.delete_variant()

    def _on_changed(self, changed: Changed) -> None:
        if self._pushing:
            return  # our own change, already shown
        if changed.kinds & {Kind.CV_VARIANT, Kind.GOALS}:
            # Undo or redo: variants may have come back (with a new id) or gone, roles renamed.
            current = self.current_variant_id()
            if current is not None:
                current = id_map(self.ctx).resolve("cv_variant", current)
            known = self._variant_ids()
            self._reload_variants(select=current)
            back = [i for i in self._variant_ids() if i not in known]
            if back:  # a variant re-created by undo or redo: show it
                self._reload_variants(select=back[0])
            self.schedule()
        elif changed.learner_id == self.learner_id:
            self._load_variant()
            self.schedule()

    # -- preview ------------------------------------------------------------------------------

    def schedule(self) -> None:
        """Re-render shortly; changes made in quick succession cause one render."""
        self.timer.start()

    def render_now(self) -> None:
        self.timer.stop()
        request = self.request()
        if request is None:
            self._show_pages(None)
            return
        self._generation += 1
        generation = self._generation
        database = self.ctx.database
        self.status.setText("Updating preview…")
        self.ctx.tasks.submit(
            lambda _progress: render_cv(database, request, scale=PREVIEW_SCALE),
            on_done=lambda result: self._rendered(generation, result),
            on_error=lambda exc: self._render_failed(generation, exc),
        )

    def _rendered(self, generation: int, result: RenderedCv) -> None:
        if generation != self._generation:
            return  # a newer change is already rendering
        self.last_render = result
        self._show_pages(result)
        if result.problems:
            self.warning.setText(
                "Some text cannot be printed correctly and would come out garbled: "
                + "; ".join(result.problems[:3])
                + ". Hide those items or remove that text before exporting."
            )
            self.warning.show()
        else:
            self.warning.hide()
        count = len(result.pages)
        self.status.setText(f"{count} page{'s' if count != 1 else ''}")

    def _render_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.status.setText(
            f"Preview failed: {exc}"
            if isinstance(exc, UserError)
            else "Preview failed; details were written to the log."
        )

    def _show_pages(self, result: RenderedCv | None) -> None:
        while self.pages_layout.count():
            taken = self.pages_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        if result is None:
            return
        ratio = self.devicePixelRatioF() or 1.0
        for page in result.pages:
            image = QImage(
                page.rgba, page.width, page.height, page.stride, QImage.Format.Format_RGBA8888
            ).copy()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setStyleSheet("background: white;")
            self.pages_layout.addWidget(label)

    # -- export -------------------------------------------------------------------------------

    def export_pdf(self) -> None:
        request = self.request()
        if request is None:
            return
        if self.last_render is not None and self.last_render.problems:
            QMessageBox.warning(self, "Export PDF", self.warning.text())
            return
        with self.ctx.database.read_session() as session:
            from portfolio.services.learners import get_learner

            name = get_learner(session, request.learner_id).name
        variant = self.variants.currentItem()
        which = variant.text() if variant is not None and request.variant_id is not None else ""
        path = ask_save_path(self, "Export CV as PDF", export_file_name(name, "CV", which))
        if path is None:
            return
        self.exported.hide()
        database = self.ctx.database
        self.export_button.setEnabled(False)
        self.status.setText(f"Exporting {path.name}…")
        self.ctx.tasks.submit(
            lambda _progress: write_cv(database, request, path),
            on_done=lambda _r: self._exported(path),
            on_error=self._export_failed,
        )

    def _exported(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(f"Saved {path}")
        self.exported.show_file(path)
        self.ctx.bus.status.emit(f"CV exported to {path.name}")

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        message = (
            str(exc)
            if isinstance(exc, UserError)
            else (
                "The CV could not be written; details were written to the log. "
                "Any existing file was left unchanged."
            )
        )
        self.status.setText("Export failed")
        QMessageBox.critical(self, "Export PDF", message)


def write_cv(database: Any, request: CvRequest, path: Path) -> None:
    """Render the CV and write it atomically: an existing file is replaced only on success."""
    from portfolio.export.pdf import render_pdf
    from portfolio.fileio import atomic_write
    from portfolio.ui.cv_preview import build_cv

    doc = build_cv(database, request)
    atomic_write(path, render_pdf(doc, template=request.template, page_size=request.page_size))
