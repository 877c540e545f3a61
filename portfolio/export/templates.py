"""The CV templates: typographic choices only, every one single-column in reading order.

A template is a frozen `Theme`; the renderer in `portfolio.export.pdf` reads sizes, colours and
spacing from it, so a new template is a new Theme rather than new layout code. All sizes in
points. Body text stays within 9.5-10.5 pt, the range CV generators use for readable print.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    body_size: float = 10
    leading: float = 13.1
    small_size: float = 8.5
    name_size: float = 24
    headline_size: float = 11
    heading_size: float = 10.5
    margin_x: float = 48  # two-thirds of an inch
    margin_top: float = 42
    margin_bottom: float = 50
    text: str = "#1E1E1E"
    muted: str = "#5C5C5C"
    accent: str = "#1E1E1E"
    rule: str = "#8A8A8A"
    link: str = "#1E1E1E"
    header_align: str = "center"  # "center" or "left"
    heading_upper: bool = True
    heading_rule_width: float = 0.6
    name_in_accent: bool = False
    section_space: float = 12  # before a section heading
    entry_space: float = 7  # between entries
    contact_separator: str = "  |  "
    date_width: float = 118


THEMES: dict[str, Theme] = {
    # Black on white, centred header, small-caps-like headings over a hairline: the look of
    # LaTeX CVs (RenderCV "classic"/"sb2nov") that recruiters are used to.
    "classic": Theme(name="classic", label="Classic"),
    # Left-aligned header, the name and headings in a deep blue accent, a heavier accent rule.
    "modern": Theme(
        name="modern",
        label="Modern",
        name_size=25,
        accent="#1D4E89",
        link="#1D4E89",
        rule="#1D4E89",
        header_align="left",
        heading_upper=False,
        heading_size=11.5,
        heading_rule_width=1.2,
        name_in_accent=True,
        contact_separator="  ·  ",
        section_space=10,
        entry_space=6.5,
        margin_top=38,
    ),
    # Tighter margins and spacing to fit a long portfolio on fewer pages; body stays 9.5 pt.
    "compact": Theme(
        name="compact",
        label="Compact",
        body_size=9.5,
        leading=12.2,
        small_size=8.3,
        name_size=19,
        headline_size=10,
        heading_size=9.8,
        margin_x=40,
        margin_top=36,
        margin_bottom=42,
        header_align="left",
        accent="#2B2B2B",
        section_space=9,
        entry_space=5,
        contact_separator="  ·  ",
        date_width=108,
    ),
}


def theme(name: str) -> Theme:
    """The theme called `name`; KeyError names the choices."""
    try:
        return THEMES[name]
    except KeyError:
        raise KeyError(f"unknown template {name!r}; choose one of {', '.join(THEMES)}") from None
