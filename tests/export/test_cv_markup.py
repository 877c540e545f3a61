"""para(): user text to Paragraph markup, on both the fast and the per-character path."""

from __future__ import annotations

import unicodedata

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


def test_each_named_block_is_found_by_a_letter_of_its_own() -> None:
    from portfolio.export.markup import _UNSHAPED_SCRIPTS

    for name, low, high in _UNSHAPED_SCRIPTS:
        letters = [
            chr(cp) for cp in range(low, high + 1) if unicodedata.category(chr(cp))[0] in "LM"
        ]
        assert letters, (name, hex(low))
        for ch in (letters[0], letters[-1]):
            assert unsupported_scripts(f"Zoë {ch} Kolb") == [name], (name, hex(ord(ch)))


def test_invisible_formatting_characters_are_not_a_script() -> None:
    # A pasted BOM sits in the Arabic Presentation Forms-B block; zero-width and bidi marks and
    # Arabic punctuation alone need no shaping either.
    for text in ("\ufeffZoë Kolb", "Zoë\u200b\u200d\u200f Kolb", "a\u061f b\u060c", "\u202eabc"):
        assert unsupported_scripts(text) == [], repr(text)
    assert unsupported_scripts("\ufeffمرحبا") == ["Arabic"]
