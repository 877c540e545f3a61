"""Looks shared by every page: spacing, status colours that read on light and dark palettes, icon."""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from portfolio.assets import resource

SPACING = 8
MARGIN = 16


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


# (light palette, dark palette) foregrounds, each readable on that palette's base colour.
_STATUS = {
    "expired": ("#b3261e", "#ff8a80"),
    "expiring": ("#8a5300", "#ffcc66"),
    "in_progress": ("#1d5fa8", "#8ab4f8"),
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#8a5300", "#ffcc66"),
    "muted": ("#5f6368", "#a0a4a8"),
}


def status_color(name: str, dark: bool | None = None) -> QColor:
    light_hex, dark_hex = _STATUS[name]
    return QColor(dark_hex if (is_dark() if dark is None else dark) else light_hex)


def set_color(label: QLabel, name: str) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, status_color(name, is_dark(label)))
    label.setPalette(palette)


def heading(text: str, size_delta: float = 5) -> QLabel:
    """A page or section title (plain text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() + size_delta)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def plain_label(text: str = "", *, wrap: bool = False, muted: bool = False) -> QLabel:
    """A label that never interprets user text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        set_color(label, "muted")
    return label


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows `text` literally (Qt guesses HTML in plain tooltip strings)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


@cache
def app_icon() -> QIcon:
    """The app icon, rendered at each size from resources/icons/app.svg."""
    data = QByteArray(resource("icons", "app.svg").read_bytes())
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        buffer = QBuffer(data)
        reader = QImageReader(buffer, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        image = reader.read()
        if not image.isNull():
            icon.addPixmap(QPixmap.fromImage(image))
    return icon
