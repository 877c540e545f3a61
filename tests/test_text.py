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
