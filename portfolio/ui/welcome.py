"""The page shown while the portfolio holds no learner: load the demo, or create a learner."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from portfolio.ui.style import heading, plain_label


class WelcomePage(QWidget):
    """Shown when the portfolio holds no learner yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        layout.addWidget(heading("Welcome to Learner Portfolio", 8))
        layout.addWidget(
            plain_label(
                "Keep degrees, bootcamps and micro-credentials in one place, see the skills they "
                "prove, and build a CV for the job you want next. Start with the demo learners "
                "to look around, or create your own profile.",
                wrap=True,
            )
        )
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("Load demo data")
        self.new_button = QPushButton("New learner…")
        self.new_button.setDefault(True)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)
