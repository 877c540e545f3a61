"""The sidebar's pages, in order: (title, icon theme name, factory taking a UiContext).

To plug in a page from another feature, replace its factory here (one line), e.g.
`Page("Skills", "skills", lazy("portfolio.ui.pages.skills_page", "SkillsPage"))`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from portfolio.ui.context import UiContext


def lazy(module: str, name: str) -> Callable[[UiContext], QWidget]:
    """A factory importing its page only when built (keeps start-up lean)."""

    def build(ctx: UiContext) -> QWidget:
        cls = getattr(importlib.import_module(module), name)
        page: QWidget = cls(ctx)
        return page

    return build


@dataclass(frozen=True)
class Page:
    title: str
    icon: str  # a freedesktop icon-theme name; a missing icon just shows no icon
    factory: Callable[[UiContext], QWidget]


PAGES: tuple[Page, ...] = (
    Page("Profile", "user-identity", lazy("portfolio.ui.pages.profile_page", "ProfilePage")),
    Page(
        "Credentials",
        "emblem-documents",
        lazy("portfolio.ui.pages.credentials_page", "CredentialsPage"),
    ),
    Page(
        "Experience",
        "applications-office",
        lazy("portfolio.ui.pages.experience_page", "ExperiencePage"),
    ),
    Page("Skills", "applications-science", lazy("portfolio.ui.pages.skills_page", "SkillsPage")),
    Page("Goals", "go-jump", lazy("portfolio.ui.pages.goals_page", "GoalsPage")),
    Page("Sessions", "x-office-calendar", lazy("portfolio.ui.pages.sessions_page", "SessionsPage")),
    Page("CV", "document-print", lazy("portfolio.ui.pages.cv_page", "CvPage")),
)
