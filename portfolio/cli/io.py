"""`portfolio import` and `portfolio export`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.cli.naming import LEARNER_HELP, announce, examples
from portfolio.errors import UserError

FORMATS = ("jsonresume", "portfolio", "csv")


def register(sub: Any) -> None:
    imp = sub.add_parser(
        "import",
        help="import badges, a JSON Resume, a LinkedIn export, a CSV or a portfolio file",
        description="Import files or folders; the format is found by content. Prints a preview "
        "and, unless --dry-run, imports everything in one transaction (all or nothing).",
        **examples(
            "portfolio import badge.png resume.json --learner Samantha --dry-run",
            'portfolio import ~/Downloads/Basic_LinkedInDataExport --learner "Jo Doe"',
        ),
    )
    imp.add_argument(
        "paths",
        nargs="+",
        metavar="FILE_OR_FOLDER",
        type=Path,
        help="badges (PNG, SVG, JSON), a JSON Resume, a LinkedIn export folder or ZIP, a CSV or "
        "a portfolio file; a folder is read file by file",
    )
    imp.add_argument(
        "--learner",
        metavar="NAME",
        help=f"import into this learner (created with this name if none matches): {LEARNER_HELP}",
    )
    imp.add_argument("--dry-run", action="store_true", help="show the preview; change nothing")
    imp.add_argument(
        "--merge-duplicates",
        action="store_true",
        help="fill in existing duplicates instead of skipping them",
    )
    imp.add_argument(
        "--key",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="a public key (PEM, JWK or multibase Ed25519) to check signed badges with; "
        "may be repeated",
    )
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser(
        "export",
        help="export a learner as JSON Resume, portfolio file or CSV",
        **examples(
            'portfolio export --learner "Audrey Heath" --format jsonresume -o audrey.json',
            'portfolio export --learner "Audrey Heath" --format portfolio -o audrey.portfolio.json',
        ),
    )
    exp.add_argument("--learner", metavar="NAME", required=True, help=LEARNER_HELP)
    exp.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="jsonresume (for other CV tools), portfolio (everything, to import elsewhere) or "
        "csv (the credentials, for a spreadsheet)",
    )
    exp.add_argument(
        "-o", "--output", metavar="PATH", type=Path, required=True, help="the file to write"
    )
    exp.set_defaults(handler=cmd_export)


_MARK = {"new": "+", "skip": "=", "merge": "~"}


def print_plan(plan: Any) -> None:
    from portfolio.importers.detect import FORMAT_NAMES

    who = plan.learner_name + ("" if plan.learner_id is not None else " (new learner)")
    formats = ", ".join(dict.fromkeys(FORMAT_NAMES.get(b.format, b.format) for b in plan.bundles))
    print(f"Import into {who} from {len(plan.bundles)} source(s): {formats}")
    for item in plan.items:
        why = f"  [{item.action}: {item.reason}]" if item.reason else ""
        detail = f" — {item.detail}" if item.detail else ""
        print(f"  {_MARK.get(item.action, '?')} {item.kind}: {item.title}{detail}{why}")
    for note in plan.notes:
        print(f"  note: {note}")


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.db.backup import backup_before
    from portfolio.importers.detect import read_paths
    from portfolio.services.import_apply import apply_import
    from portfolio.services.import_service import plan_import

    bundles = read_paths(args.paths, key_files=args.key)
    if args.dry_run:
        with ctx.read_database().read_session() as session:
            plan = plan_import(
                session, bundles, args.learner, merge_duplicates=args.merge_duplicates
            )
        print_plan(plan)
        print("Dry run: nothing was changed.")
        return 0
    db = ctx.database()
    # A snapshot first, so an import the user regrets can be undone with `portfolio restore`.
    # Files that cannot be read were refused above, before any snapshot was made.
    backup_before(db, "import", backup_dir=ctx.backup_dir)
    with db.session() as session:
        plan = plan_import(session, bundles, args.learner, merge_duplicates=args.merge_duplicates)
        if plan.learner_id is not None:
            announce("learner", args.learner, plan.learner_name)
        print_plan(plan)
        summary = apply_import(session, plan)
    print(f"Imported into {plan.learner_name}: {summary.message()}.")
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.fileio import atomic_write
    from portfolio.services.learners import find_learner

    with ctx.read_database().read_session() as session:
        learner = find_learner(session, args.learner)
        announce("learner", args.learner, learner.name)
        if args.format == "jsonresume":
            from portfolio.export.jsonresume import export_resume

            data = export_resume(session, learner.id)
        elif args.format == "portfolio":
            from portfolio.export.portfolio_export import export_portfolio

            data = export_portfolio(session, learner.id)
        elif args.format == "csv":
            from portfolio.export.csv_export import export_csv

            data = export_csv(session, learner.id)
        else:  # pragma: no cover - argparse refuses it
            raise UserError(f"Unknown format {args.format}.")
    atomic_write(args.output, data)
    print(f"Wrote {args.output} ({len(data):,} bytes, {args.format}) for {learner.name}.")
    return 0
