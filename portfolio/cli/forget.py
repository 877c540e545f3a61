"""`portfolio delete-learner NAME`: delete a learner and everything that belongs to them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.errors import UserError


def register(sub: Any) -> None:
    delete = sub.add_parser(
        "delete-learner",
        help="delete a learner and all their data (a backup is made first)",
        description="Delete a learner and everything that belongs to them: credentials, "
        "experience, skills, session notes and actions, CV variants, goals. A checked backup is "
        "made first; the deleted data is overwritten in the portfolio file. You are asked to "
        "type the learner's full name unless you pass --yes.",
    )
    delete.add_argument(
        "name", metavar="NAME", help="the learner's name (see `portfolio learners`)"
    )
    delete.add_argument(
        "--yes",
        action="store_true",
        help="do not ask; NAME must then be the learner's full name",
    )
    delete.set_defaults(handler=cmd_delete_learner)


def cmd_delete_learner(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.db.backup import backup_before
    from portfolio.services.learner_names import confirms_name
    from portfolio.services.learners import delete_learner, find_learner, learner_footprint

    if not ctx.db_path.exists():
        raise UserError(f"{ctx.db_path} does not exist yet; there is no learner to delete.")
    db = ctx.database(create=False)
    with db.read_session() as session:
        learner = find_learner(session, args.name)
        footprint = learner_footprint(session, learner.id)
    what = ", ".join(footprint.lines()) or "no records besides their profile"
    if args.yes:
        if not confirms_name(args.name, learner.name):
            raise UserError(
                f"“{args.name}” is only part of “{learner.name}”; with --yes, give the full name."
            )
    else:
        if not sys.stdin.isatty():
            raise UserError(
                "To delete a learner, type their name when asked (run this in a terminal) or "
                "pass --yes with their full name."
            )
        print(f"This deletes {learner.name} and everything that belongs to them ({what}).")
        typed = input(f"Type “{learner.name}” to delete them, or press Enter to cancel: ")
        if not confirms_name(typed, learner.name):
            raise UserError(f"The name typed is not “{learner.name}”; nothing was deleted.")
    backup = backup_before(db, "delete", backup_dir=ctx.backup_dir)
    with db.session() as session:
        delete_learner(session, learner.id)
    print(f"Deleted {learner.name}: {what}.")
    if backup is not None:
        print(
            f"A backup made just before is at {backup.path}; it still holds {learner.name} "
            "until it rotates out (delete it by hand to remove them sooner)."
        )
    return 0
