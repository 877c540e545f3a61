"""A horizontal stacked bar chart of a skill profile by category, painted with QPainter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from portfolio.enums import SkillLevel

LEVEL_COLORS = {
    SkillLevel.AWARENESS: QColor("#c6dbef"),
    SkillLevel.WORKING: QColor("#6baed6"),
    SkillLevel.PROFICIENT: QColor("#2171b5"),
    SkillLevel.EXPERT: QColor("#08306b"),
}
UNBACKED_COLOR = QColor("#d9d9d9")


@dataclass(frozen=True)
class CategoryBar:
    category: str
    by_level: dict[SkillLevel, int]
    unbacked: int

    @property
    def total(self) -> int:
        return sum(self.by_level.values()) + self.unbacked


class SkillChart(QWidget):
    """One bar per category: skills counted by strongest level; unbacked claims in grey."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[CategoryBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName("Skill profile by category")

    def set_bars(self, bars: list[CategoryBar]) -> None:
        self.bars = bars
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 70 + self.ROW * max(len(self.bars), 1))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text_color = palette.color(palette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        if not self.bars:
            painter.setPen(text_color)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "No skills yet: nothing to chart."
            )
            return
        label_width = min(
            max(metrics.horizontalAdvance(b.category) for b in self.bars) + 12,
            self.width() // 2,
        )
        count_width = metrics.horizontalAdvance("999") + 8
        bar_left = label_width
        bar_span = max(self.width() - bar_left - count_width - 8, 10)
        most = max(b.total for b in self.bars)
        for row, bar in enumerate(self.bars):
            top = 6 + row * self.ROW
            painter.setPen(text_color)
            name = metrics.elidedText(bar.category, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(
                QRectF(0, top, label_width - 8, self.ROW - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            x = float(bar_left)
            segments = [(LEVEL_COLORS[level], bar.by_level.get(level, 0)) for level in SkillLevel]
            segments.append((UNBACKED_COLOR, bar.unbacked))
            for color, count in segments:
                if not count:
                    continue
                width = bar_span * count / most
                painter.fillRect(QRectF(x, top + 2, width, self.ROW - 10), color)
                x += width
            painter.drawText(
                QRectF(x + 6, top, count_width, self.ROW - 6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(bar.total),
            )
        # Legend
        top = 6 + len(self.bars) * self.ROW
        x = 8.0
        legend = [(LEVEL_COLORS[level], level.value) for level in SkillLevel]
        legend.append((UNBACKED_COLOR, "no evidence"))
        for color, text in legend:
            step = 14 + metrics.horizontalAdvance(text) + 14
            if x + step > self.width() and x > 8:
                x, top = 8.0, top + 20
            painter.fillRect(QRectF(x, top + 5, 10, 10), color)
            painter.setPen(text_color)
            painter.drawText(QRectF(x + 14, top, 200, 20), Qt.AlignmentFlag.AlignVCenter, text)
            x += step
