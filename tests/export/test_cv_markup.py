"""para(): user text to Paragraph markup, on both the fast and the per-character path."""

from __future__ import annotations

from portfolio.export.markup import para, unsupported_scripts


def test_plain_text_is_escaped_and_newlines_kept() -> None:
    assert (
        para("<b>Data & Analytics</b>\nline") == "&lt;b&gt;Data &amp; Analytics&lt;/b&gt;<br/>line"
    )


def test_characters_outside_the_main_font_get_a_fallback_font() -> None:
    out = para("Zoë 张伟")
    assert out.startswith("Zoë ")
    assert '<font name="LPSans-SC">张伟</font>' in out


def test_control_characters_never_reach_the_pdf() -> None:
    assert "\x07" not in para("bell\x07")
    assert para("tab\there") == "tab here"


def test_unshapeable_scripts_are_named() -> None:
    assert unsupported_scripts("שלום and مرحبا") == ["Hebrew", "Arabic"]
