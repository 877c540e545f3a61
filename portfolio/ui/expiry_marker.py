"""The expiry marker beside a learner's name: a small badge with the number of credentials that
have expired or expire within 90 days, in the learner switcher, Ctrl+K and the top bar.

Colour is never the only signal: the badge holds the count, and the tooltip and accessible
text say it in words ("1 expired, 1 expiring within 90 days").
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from portfolio.services.expiry_rules import ExpiryCount
from portfolio.ui.style import status_color


def expiry_text(count: ExpiryCount) -> str:
    """ "1 expired, 1 expiring within 90 days" — the words for the marker."""
    text = count.describe()
    return f"{text} within 90 days" if count.expiring else text


ICON_SIZE = 16
_SCALE = 2  # drawn at twice the size so it stays crisp on high-density screens


def _canvas(size: int) -> QPixmap:
    pixmap = QPixmap(size * _SCALE, size * _SCALE)
    pixmap.setDevicePixelRatio(_SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap


def blank_icon(size: int = ICON_SIZE) -> QIcon:
    """A transparent icon, so names without a marker line up with those that have one."""
    return QIcon(_canvas(size))


def expiry_icon(count: ExpiryCount, size: int = ICON_SIZE) -> QIcon:
    """A round badge holding the count: red when any credential has expired, else amber."""
    pixmap = _canvas(size)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_color("expired" if count.expired else "expiring", dark=False))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    font = QFont()
    font.setPixelSize(int(size * 0.62))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    label = str(count.total) if count.total < 10 else "9+"
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    return QIcon(pixmap)
