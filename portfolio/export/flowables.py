"""ReportLab building blocks shared by the CV and the action plan.

`PageTotalCanvas` keeps each page until the document ends, so a footer can say "Page 2 of 3".

`Paragraph` is ReportLab's Paragraph, remembering how it broke its lines for the last width.

Platypus lays the same paragraph out at the same width several times over: a KeepTogether block
measures its contents, the frame measures them again when it places them, a Table measures its
rows and then each cell once more to draw it. Breaking a paragraph into lines is most of the time
a CV takes to render, and nothing it depends on (text, fragments, style) changes between those
calls, so the result for a width is reused. The PDF is byte-identical either way
(tests/export/test_pdf_flowables.py).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as _Paragraph


class PageTotalCanvas(Canvas):  # type: ignore[misc]
    """Holds every page's drawing state until `save`, then calls `stamp(number, total)` on each
    page before writing it: the page count is known only once the story is laid out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.stamp(number, total)
            super().showPage()
        super().save()

    def stamp(self, number: int, total: int) -> None:
        raise NotImplementedError


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
