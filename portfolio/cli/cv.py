"""`portfolio export-cv`: the learner's CV as a PDF, optionally tailored to a variant or a role."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio.cli.context import CliContext
from portfolio.cli.context import is_current_portfolio as _is_current_portfolio
from portfolio.cli.naming import LEARNER_HELP, ROLE_HELP, announce, described, examples
from portfolio.errors import UserError

if TYPE_CHECKING:
    from portfolio.services.cv_records import CvContent, Tailoring
    from portfolio.services.cv_variants import VariantRecord


def register(sub: Any) -> None:
    export = sub.add_parser(
        "export-cv",
        help="write a learner's CV as a PDF (tailored with --variant or --role)",
        description="Write a CV-style PDF. With --variant, use a saved CV variant; with --role, "
        "propose a selection for that target role (relevant skills first, irrelevant items "
        "hidden). --template and --page-size override the variant's choices.",
        **examples(
            'portfolio export-cv --learner "Samantha Kolb" -o samantha.pdf',
            'portfolio export-cv --learner "Samantha Kolb" -o marketing.pdf '
            '--role "Digital Marketing Coordinator" --template modern --page-size a4',
        ),
    )
    export.add_argument("--learner", required=True, metavar="NAME", help=LEARNER_HELP)
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE.pdf", type=Path, help="the PDF to write"
    )
    export.add_argument(
        "--variant",
        metavar="NAME",
        help="a CV variant of this learner saved on the CV page (its name, or the start of it)",
    )
    export.add_argument(
        "--role", metavar="ROLE", help=f"tailor the CV to a target role: {ROLE_HELP}"
    )
    export.add_argument(
        "--template",
        choices=("classic", "modern", "compact"),
        help="the layout (default: the variant's, else classic)",
    )
    export.add_argument(
        "--page-size",
        choices=("letter", "a4"),
        type=str.lower,
        help="the paper (default: the variant's, else letter)",
    )
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
    role_name = variant_name = ""
    if args.variant or args.role or not _is_current_portfolio(ctx.db_path):
        content, tailoring, role_name, variant = _read_with_services(args, ctx)
        if variant is not None:
            template, page_size = variant.template, variant.page_size
            qr, levels = variant.qr_codes, variant.show_levels
            variant_name = variant.name
    else:
        # A plain CV of a healthy, current file: read with stdlib sqlite3, no ORM to load.
        from portfolio.db.cv_read import load_cv_content_fast

        content = load_cv_content_fast(ctx.db_path, args.learner)
    announce("learner", args.learner, content.learner.name)
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
    atomic_write(output, data, mode=0o644)
    who = described(content.learner.name, variant=variant_name, role=role_name)
    print(f"Wrote {output} ({len(data) // 1024 + 1} KB) for {who}.", file=sys.stderr)
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
    with ctx.read_database(create=False).read_session() as session:
        learner = find_learner(session, args.learner)
        content = load_cv_content(session, learner.id)
        if args.variant:
            variant = find_variant(session, learner.id, args.variant)
            announce("variant", args.variant, variant.name)
            tailoring = variant.tailoring
            role_name = variant.target_role
            if args.role is None and variant.target_role_id is not None and not variant.items:
                role = get_role(session, variant.target_role_id)
                tailoring = propose_tailoring(content, role.skill_ids)
        if args.role:
            role = find_role(session, args.role)
            announce("role", args.role, role.name)
            role_name = role.name
            tailoring = propose_tailoring(content, role.skill_ids)
    return content, tailoring, role_name, variant
