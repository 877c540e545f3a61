"""Rendering the CV document to PDF: text order, fonts, links, metadata, page sizes, escaping."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from portfolio.export.document import (
    CredentialGroup,
    CvDocument,
    CvLink,
    DocumentMeta,
    Entry,
    Header,
    LanguageLine,
    SkillGroup,
    SkillLine,
)
from portfolio.export.pdf import chunks, render_pdf

NAME = "Zoë Łukasz-Żółć"
TITLE = "<b>Data & Analytics</b> 101"


def make_doc(**overrides: object) -> CvDocument:
    """A small document; tests override only the parts they care about."""
    fields: dict[str, object] = {
        "header": Header(
            NAME, "Data analyst", (CvLink("zoe@example.org", "mailto:zoe@example.org"),)
        ),
        "meta": DocumentMeta(
            f"{NAME} — CV", NAME, "Curriculum vitae", ("SQL", "Python"), "Learner Portfolio"
        ),
        "summary": "Analyst.",
        "skills": (SkillGroup("Data", (SkillLine(1, "SQL", "Proficient", (TITLE,)),)),),
        "experience": (
            Entry(
                "experience:1",
                "Analyst",
                "Acme",
                "Victoria, BC",
                "2020 – present",
                description="Line one\nLine two",
                bullets=("Built <font size=40>reports</font>",),
            ),
        ),
        "education": (Entry("credential:1", "BA", "SFU", dates="2019"),),
        "credentials": (
            CredentialGroup(
                (
                    Entry(
                        "credential:2",
                        TITLE,
                        "Issuer <img src=/etc/passwd>",
                        dates="2021",
                        link=CvLink("Verify: example.org/v", "https://example.org/v"),
                    ),
                )
            ),
        ),
        "languages": (LanguageLine("English", "Native"),),
    }
    fields.update(overrides)
    return CvDocument(**fields)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def links_of(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_sections_print_in_reading_order_with_names_exact() -> None:
    text = text_of(render_pdf(make_doc(), invariant=True))
    order = [NAME, "SUMMARY", "SKILLS", "LANGUAGES", "EXPERIENCE", "EDUCATION", "MICRO-CREDENTIALS"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    assert TITLE in text
    assert "<font size=40>reports</font>" in text
    assert "<img src=/etc/passwd>" in text
    assert re.search(f"{NAME}\\s+·\\s+Page 1 of 1", text)


def test_newlines_in_descriptions_are_kept() -> None:
    text = text_of(render_pdf(make_doc(), invariant=True))
    assert re.search(r"Line one\s*\n\s*Line two", text)


def test_invariant_output_is_byte_identical() -> None:
    assert render_pdf(make_doc(), invariant=True) == render_pdf(make_doc(), invariant=True)


def test_fonts_are_embedded() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(make_doc(), invariant=True)))
    page = reader.pages[0]
    content = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    used = {
        name: ref.get_object()
        for name, ref in page["/Resources"]["/Font"].items()
        if f"{name} " in content
    }
    assert used
    for font in used.values():
        assert "NotoSans" in str(font["/BaseFont"])
        descriptor = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        )
        descriptor = descriptor.get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_only_allowed_link_schemes_become_annotations() -> None:
    entry = Entry(
        "credential:9",
        "Badge",
        dates="2022",
        link=CvLink("javascript:alert(1)", "javascript:alert(1)"),
    )
    pdf = render_pdf(make_doc(credentials=(CredentialGroup((entry,)),)), invariant=True)
    assert "javascript:alert(1)" in text_of(pdf)
    uris = links_of(pdf)
    assert uris == ["mailto:zoe@example.org"]
    assert all(u.split(":")[0] in ("http", "https", "mailto") for u in uris)


def test_verification_link_is_clickable() -> None:
    assert "https://example.org/v" in links_of(render_pdf(make_doc(), invariant=True))


def test_metadata_is_set() -> None:
    meta = PdfReader(io.BytesIO(render_pdf(make_doc(), invariant=True))).metadata
    assert meta is not None
    assert meta.title == f"{NAME} — CV"
    assert meta.author == NAME
    assert meta.subject == "Curriculum vitae"
    assert "SQL" in str(meta.get("/Keywords"))
    assert meta.creator == "Learner Portfolio"


@pytest.mark.parametrize(("size", "expected"), [("letter", (612, 792)), ("a4", (595, 842))])
@pytest.mark.parametrize("template", ["classic", "modern", "compact"])
def test_page_sizes_for_every_template(template: str, size: str, expected: tuple[int, int]) -> None:
    reader = PdfReader(
        io.BytesIO(render_pdf(make_doc(), template=template, page_size=size, invariant=True))
    )
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == expected


def test_qr_code_is_drawn_when_asked() -> None:
    entry = Entry(
        "credential:3",
        "Cert",
        dates="2022",
        link=CvLink("v", "https://example.org/q"),
        qr_url="https://example.org/q",
    )
    plain = render_pdf(make_doc(credentials=(CredentialGroup((entry,)),)), invariant=True)
    assert len(plain) > len(render_pdf(make_doc(), invariant=True))


def test_a_100000_character_field_flows_over_pages() -> None:
    huge = ("word " * 20_000).strip()
    entry = Entry(
        "experience:2", "Long", "Org", dates="2020", description=huge, bullets=("x" * 100_000,)
    )
    pdf = render_pdf(make_doc(experience=(entry,), summary=huge), invariant=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 5


def test_chunks_cut_long_text_at_breaks() -> None:
    pieces = chunks("a" * 10 + " " + "b" * 3000, limit=1500)
    assert all(len(p) <= 1500 for p in pieces)
    assert "".join(pieces).replace(" ", "") == "a" * 10 + "b" * 3000


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=80), st.text(max_size=40))
def test_random_text_never_breaks_the_build(body: str, title: str, url: str) -> None:
    entry = Entry(
        "experience:1",
        title,
        title,
        title,
        title,
        (title,),
        body,
        (body, title),
        CvLink(title, url),
        url,
    )
    doc = make_doc(
        header=Header(title, body, (CvLink(title, url),)),
        summary=body,
        experience=(entry,),
        skills=(SkillGroup(title, (SkillLine(1, title, title, (body,)),)),),
        credentials=(CredentialGroup((entry,), title, body, entry),),
    )
    assert render_pdf(doc, invariant=True).startswith(b"%PDF")


def test_skill_strength_can_be_left_out() -> None:
    text = text_of(render_pdf(make_doc(show_levels=False), invariant=True))
    assert "SQL" in text


def test_entries_never_split_and_headings_stay_with_their_first_entry() -> None:
    entries = tuple(
        Entry(
            f"experience:{i}",
            f"Role {i:02d}",
            "Org",
            "City",
            "2020",
            description="Did things. " * 12,
            bullets=(f"first {i:02d}", f"last {i:02d}"),
        )
        for i in range(30)
    )
    pdf = render_pdf(make_doc(experience=entries), invariant=True)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 2

    def page_of(text: str) -> int:
        return next(n for n, page in enumerate(pages) if text in page)

    for i in range(30):
        assert page_of(f"Role {i:02d}") == page_of(f"last {i:02d}")
    assert page_of("EXPERIENCE") == page_of("Role 00")
    assert page_of("EDUCATION") == page_of("BA")
