"""Work the CV page hands to background threads: build, render and rasterise a CV (no widgets).

Everything here runs off the UI thread and receives IDs and plain values, never ORM objects; it
returns bytes and page images as raw RGBA buffers, which the page turns into QImages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from portfolio.db import Database
from portfolio.export.document import CvDocument, build_document, unshaped_text
from portfolio.services.cv_content import load_cv_content
from portfolio.services.cv_variants import get_variant, propose_tailoring

# PDFium is not thread-safe; two previews rendering at once must take turns.
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class CvRequest:
    """Everything that decides what the CV looks like, as plain values."""

    learner_id: int
    variant_id: int | None = None
    template: str = "classic"
    page_size: str = "letter"
    qr_codes: bool = False
    show_levels: bool = True


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    stride: int
    rgba: bytes


@dataclass(frozen=True)
class RenderedCv:
    request: CvRequest
    pdf: bytes
    pages: tuple[PageImage, ...]
    problems: tuple[str, ...]  # "Arabic in “...”": text that would print garbled


def build_cv(database: Database, request: CvRequest) -> CvDocument:
    with database.read_session() as session:
        content = load_cv_content(session, request.learner_id)
        tailoring = None
        role = ""
        if request.variant_id is not None:
            variant = get_variant(session, request.variant_id)
            tailoring = variant.tailoring
            role = variant.target_role
            if variant.target_role_id is not None and not variant.items:
                from portfolio.services.cv_variants import get_role

                tailoring = propose_tailoring(
                    content, get_role(session, variant.target_role_id).skill_ids
                )
    return build_document(
        content,
        tailoring,
        qr_codes=request.qr_codes,
        show_levels=request.show_levels,
        role_name=role,
    )


def render_cv(database: Database, request: CvRequest, *, scale: float = 1.0) -> RenderedCv:
    """Build and render the CV, then rasterise its pages (at `scale` x 72 dpi) for the preview."""
    from portfolio.export.pdf import render_pdf

    doc = build_cv(database, request)
    problems = tuple(f"{', '.join(scripts)} in {place}" for place, scripts in unshaped_text(doc))
    pdf = render_pdf(doc, template=request.template, page_size=request.page_size)
    return RenderedCv(request, pdf, rasterise(pdf, scale), problems)


def rasterise(pdf: bytes, scale: float) -> tuple[PageImage, ...]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    images = []
    with _PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            for index in range(len(document)):
                page = document[index]
                bitmap = page.render(
                    scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA, rev_byteorder=True
                )
                images.append(
                    PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
                )
                bitmap.close()
                page.close()
        finally:
            document.close()
    return tuple(images)
