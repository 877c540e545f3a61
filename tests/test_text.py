"""fold(): the one search/sort key; its fast paths must not change a single result."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from portfolio.text import fold


def reference_fold(text: str) -> str:
    """The plain definition: decompose, drop combining marks, casefold, collapse whitespace."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def test_examples() -> None:
    assert fold("  Résumé  Writing ") == "resume writing"
    assert fold("STRASSE\tStraße") == "strasse strasse"
    assert fold("Ångström\u00a0Łódź") == reference_fold("Ångström\u00a0Łódź") == "angstrom łodz"
    assert fold("a\x1cb\u2003c\n") == "a b c"  # every Unicode space, not only ASCII ones
    assert fold("") == ""


@given(st.text())
def test_same_as_the_reference_on_any_text(text: str) -> None:
    assert fold(text) == reference_fold(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_same_as_the_reference_on_ascii(text: str) -> None:
    assert fold(text) == reference_fold(text)


def test_terminal_safe_shows_every_control_a_terminal_would_act_on() -> None:
    from portfolio.text import terminal_safe

    hostile = "Zoë\x1b]0;owned\x07\x1b[2J\x7f\x9b31m\u202eevil\u2066x\u2069\r\nnext\tcell"
    shown = terminal_safe(hostile)
    assert shown == (
        "Zoë\\x1b]0;owned\\x07\\x1b[2J\\x7f\\x9b31m\\u202eevil\\u2066x\\u2069\\x0d\\x0anext\tcell"
    )
    assert terminal_safe("a\nb", keep_newlines=True) == "a\nb"
    assert terminal_safe("a\rb", keep_newlines=True) == "a\\x0db"
    # Every C0/C1 control but tab, DEL and the bidi embeddings/overrides/isolates are escaped;
    # ordinary text (accents, Arabic, emoji, zero-width joiner) is untouched.
    for code in [
        *range(0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]:
        if code != 0x09:
            assert chr(code) not in terminal_safe(f"a{chr(code)}b"), hex(code)
    plain = "Łukasz Żółć — مرحبا 😀 a\u200db"
    assert terminal_safe(plain) == plain
