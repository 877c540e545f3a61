"""`portfolio export-cv` as a user runs it."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from portfolio.db import Database


def test_exports_the_demo_cv_on_two_pages(cli, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cv.pdf"
    result = cli("--db", str(demo_db.path), "export-cv", "--learner", "Samantha", "-o", str(out))
    assert result.code == 0, result.err
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 2
    assert "Samantha Kolb" in reader.pages[0].extract_text()


def test_a4_and_template_options(cli, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cv.pdf"
    result = cli(
        "--db",
        str(demo_db.path),
        "export-cv",
        "--learner",
        "Audrey Heath",
        "-o",
        str(out),
        "--template",
        "modern",
        "--page-size",
        "A4",
    )
    assert result.code == 0, result.err
    assert round(float(PdfReader(out).pages[0].mediabox.height)) == 842


def test_unknown_role_fails_cleanly_and_writes_nothing(
    cli, demo_db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cv.pdf"
    result = cli(
        "--db",
        str(demo_db.path),
        "export-cv",
        "--learner",
        "Samantha",
        "-o",
        str(out),
        "--role",
        "Astronaut",
    )
    assert result.code == 1
    assert "No role called" in result.err
    assert not out.exists()


def test_role_tailors_the_cv(cli, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The demo loads the built-in role library; this role's essentials include branding and
    # marketing analytics, and nothing about cloud computing.
    out = tmp_path / "cv.pdf"
    result = cli(
        "--db",
        str(demo_db.path),
        "export-cv",
        "--learner",
        "Samantha",
        "-o",
        str(out),
        "--role",
        "Digital Marketing Coordinator",
    )
    assert result.code == 0, result.err
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Marketing analytics" in text
    assert "Microsoft Azure" not in text
    assert "Branding" in text


def test_unshapeable_script_is_reported_not_printed(cli, demo_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from portfolio.services.learners import find_learner, get_learner, update_learner

    with demo_db.session() as session:
        learner = get_learner(session, find_learner(session, "Audrey").id)
        from dataclasses import replace

        update_learner(session, learner.id, replace(learner, summary="أهلا وسهلا"))
    out = tmp_path / "cv.pdf"
    result = cli("--db", str(demo_db.path), "export-cv", "--learner", "Audrey", "-o", str(out))
    assert result.code == 1
    assert "Arabic" in result.err
    assert not out.exists()
