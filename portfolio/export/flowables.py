"""ReportLab's Paragraph, remembering how it broke its lines for the last width it was given.

Platypus lays the same paragraph out at the same width several times over: a KeepTogether block
measures its contents, the frame measures them again when it places them, a Table measures its
rows and then each cell once more to draw it. Breaking a paragraph into lines is most of the time
a CV takes to render, and nothing it depends on (text, fragments, style) changes between those
calls, so the result for a width is reused. The PDF is byte-identical either way
(tests/export/test_pdf_flowables.py).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph as _Paragraph


class Paragraph(_Paragraph):  # type: ignore[misc]
    # (availWidth, the attributes wrap sets) of the last wrap; the class attribute False turns
    # the memory off (tests compare both ways).
    remember = True
    _last_wrap: tuple[float, tuple[Any, ...]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._last_wrap
        if self.remember and last is not None and last[0] == availWidth:
            self.width, self._wrapWidths, self.blPara, self.height = last[1]
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if getattr(self, "blPara", None) is not None and self.width == availWidth:
            self._last_wrap = (
                availWidth,
                (self.width, self._wrapWidths, self.blPara, self.height),
            )
        return size
