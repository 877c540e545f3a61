"""`portfolio export-cv`: the learner's CV as a PDF, optionally tailored to a variant or a role."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio.cli.context import CliContext
from portfolio.errors import UserError

if TYPE_CHECKING:
    from portfolio.db import Database
    from portfolio.services.cv_records import CvContent, Tailoring
    from portfolio.services.cv_variants import VariantRecord


def register(sub: Any) -> None:
    export = sub.add_parser(
        "export-cv",
        help="write a learner's CV as a PDF (tailored with --variant or --role)",
        description="Write a CV-style PDF. With --variant, use a saved CV variant; with --role, "
        "propose a selection for that target role (relevant skills first, irrelevant items "
        "hidden). --template and --page-size override the variant's choices.",
    )
    export.add_argument("--learner", required=True, metavar="NAME")
    export.add_argument("-o", "--output", required=True, metavar="FILE.pdf", type=Path)
    export.add_argument("--variant", metavar="NAME", help="a saved CV variant of this learner")
    export.add_argument("--role", metavar="ROLE", help="tailor to this target role")
    export.add_argument("--template", choices=("classic", "modern", "compact"))
    export.add_argument("--page-size", choices=("letter", "a4"), type=str.lower)
    export.add_argument("--qr", action="store_true", help="print QR codes to verification URLs")
    export.set_defaults(handler=cmd_export_cv)


def cmd_export_cv(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.export.document import build_document, unshaped_text

    output: Path = args.output
    if output.is_dir():
        raise UserError(f"{output} is a folder; give a file name such as cv.pdf.")
    if not output.parent.is_dir():  # said before the PDF is rendered, not after
        raise UserError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    template, page_size, qr, levels = "classic", "letter", False, True
    tailoring: Tailoring | None = None
    role_name = ""
    if args.variant or args.role or not _is_current_portfolio(ctx.db_path):
        content, tailoring, role_name, variant = _read_with_services(args, ctx)
        if variant is not None:
            template, page_size = variant.template, variant.page_size
            qr, levels = variant.qr_codes, variant.show_levels
    else:
        # A plain CV of a healthy, current file: read with stdlib sqlite3, no ORM to load.
        from portfolio.db.cv_read import load_cv_content_fast

        content = load_cv_content_fast(ctx.db_path, args.learner)
    doc = build_document(
        content, tailoring, qr_codes=qr or args.qr, show_levels=levels, role_name=role_name
    )
    problems = unshaped_text(doc)
    if problems:
        where = "; ".join(f"{', '.join(scripts)} in {place}" for place, scripts in problems[:3])
        raise UserError(
            f"The CV contains text the PDF export cannot shape correctly ({where}); it would "
            "print garbled. Remove or transliterate that text, or hide the item in a CV variant."
        )
    from portfolio.export.pdf import render_pdf
    from portfolio.fileio import atomic_write

    data = render_pdf(
        doc, template=args.template or template, page_size=args.page_size or page_size
    )
    atomic_write(output, data)
    print(f"Wrote {output} ({len(data) // 1024 + 1} KB)", file=sys.stderr)
    return 0


def _read_with_services(
    args: argparse.Namespace, ctx: CliContext
) -> tuple[CvContent, Tailoring | None, str, VariantRecord | None]:
    """The CV content through the services (ORM): for --variant and --role, and for a file the
    plain reader must not open (not ours, damaged, or to be migrated first)."""
    from portfolio.services.cv_content import load_cv_content
    from portfolio.services.cv_variants import find_role, find_variant, get_role, propose_tailoring
    from portfolio.services.learners import find_learner

    tailoring = None
    role_name = ""
    variant = None
    with _reading_database(ctx) as database, database.read_session() as session:
        learner = find_learner(session, args.learner)
        content = load_cv_content(session, learner.id)
        if args.variant:
            variant = find_variant(session, learner.id, args.variant)
            tailoring = variant.tailoring
            role_name = variant.target_role
            if args.role is None and variant.target_role_id is not None and not variant.items:
                role = get_role(session, variant.target_role_id)
                tailoring = propose_tailoring(content, role.skill_ids)
        if args.role:
            role = find_role(session, args.role)
            role_name = role.name
            tailoring = propose_tailoring(content, role.skill_ids)
    return content, tailoring, role_name, variant


def _is_current_portfolio(path: Path) -> bool:
    """True when `path` passes the open-time checks and is at the newest schema revision.

    Anything else (missing, empty, foreign, damaged, newer, interrupted save, needing a migration)
    goes the full way through `ctx.database`, which refuses or upgrades it with its usual words.
    """
    from portfolio.db.open import inspect_file
    from portfolio.db.revisions import head_revision
    from portfolio.errors import DatabaseRefused

    if not path.is_file():
        return False
    try:
        state = inspect_file(path)
    except DatabaseRefused:
        return False
    return state.revision == head_revision()


@contextmanager
def _reading_database(ctx: CliContext) -> Iterator[Database]:
    """The portfolio for reading: opened directly when ours and current, else the full way
    (checks, backup and migration through `ctx.database`)."""
    from portfolio.db.open import APPLICATION_ID, connect_readonly
    from portfolio.db.revisions import file_revision, head_revision

    path = ctx.db_path
    revision = None
    if path.is_file():
        try:
            conn = connect_readonly(path)
            try:
                if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                    revision = file_revision(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            revision = None
    if revision is None or revision != head_revision():
        yield ctx.database(create=False)
        return
    from sqlalchemy.orm import sessionmaker

    from portfolio.db.engine import Database, make_engine

    engine = make_engine(path)
    try:
        yield Database(path, engine, sessionmaker(engine, expire_on_commit=False))
    finally:
        engine.dispose()
