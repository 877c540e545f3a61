"""Core commands: gui, demo, learners, check."""

from __future__ import annotations

import argparse
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.cli.naming import LEARNER_HELP, examples


def register(sub: Any) -> None:
    gui = sub.add_parser(
        "gui",
        help="open the desktop app (the default)",
        description="Open the desktop app on the portfolio (the same as `portfolio` alone).",
        **examples("portfolio gui --learner Samantha", "portfolio --db client.sqlite gui"),
    )
    gui.add_argument("--learner", metavar="NAME", help=f"open on this learner: {LEARNER_HELP}")
    gui.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="open the window with its data, wait for the first paint, then exit 0",
    )
    gui.add_argument(
        "--exit-when-settled",
        action="store_true",
        help="as --exit-when-ready, but exit only once the start-up work after the first paint "
        "(opening the database, the skills taxonomy and suggestion index) is done",
    )
    gui.set_defaults(handler=cmd_gui)

    demo = sub.add_parser(
        "demo",
        help="add the demo learners (never duplicates them)",
        description="Add three demo learners (Samantha Kolb, Audrey Heath, Daniel Moreau) with "
        "their credentials, experience, goals and sessions; running it again adds nothing.",
        **examples("portfolio demo && portfolio learners"),
    )
    demo.set_defaults(handler=cmd_demo)

    learners = sub.add_parser(
        "learners",
        help="list learners, one per line, name first",
        description="List the learners, one per line: name, headline, number of credentials "
        "and expired or soon-expiring credentials, separated by tabs. Works while the app is "
        "open.",
        **examples("portfolio learners | cut -f1"),
    )
    learners.set_defaults(handler=cmd_learners)

    check = sub.add_parser(
        "check",
        help="verify the database (integrity and references); exit 1 on problems",
        **examples("portfolio --db client.sqlite check"),
    )
    check.set_defaults(handler=cmd_check)


def cmd_gui(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.app import run_gui

    return run_gui(
        ctx,
        learner=args.learner,
        exit_when_ready=args.exit_when_ready,
        exit_when_settled=args.exit_when_settled,
    )


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.demo import load_demo

    with ctx.database().session() as session:
        added = load_demo(session)
    if added:
        print(f"Added {len(added)} demo learner(s): {', '.join(added)}")
    else:
        print("The demo learners are already there; nothing added.")
    return 0


def cmd_learners(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.expiry import expiry_counts
    from portfolio.services.learners import list_learners

    with ctx.read_database().read_session() as session:
        expiring = expiry_counts(session)
        for learner in list_learners(session):
            detail = f"{learner.credential_count} credential(s)"
            flag = expiring.get(learner.id)
            # "1 expired, 1 expiring": credentials past their expiry or within 90 days of it.
            warning = flag.describe() if flag else ""
            print("\t".join(filter(None, [learner.name, learner.headline, detail, warning])))
    return 0


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.db.check import check_database

    report = check_database(ctx.db_path)
    if report.ok:
        print(
            f"ok: {report.path} (schema {report.revision}, {report.learners} learner(s), "
            f"{report.credentials} credential(s))"
        )
        return 0
    for problem in report.problems:
        print(f"problem: {problem}")
    return 1
