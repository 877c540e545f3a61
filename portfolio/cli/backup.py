"""Backup commands: backup, backups, restore."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.cli.naming import examples
from portfolio.errors import UserError


def register(sub: Any) -> None:
    backup = sub.add_parser(
        "backup",
        help="write a checked backup now (into the backup folder, or to PATH)",
        **examples("portfolio backup", "portfolio backup -o /media/usb/portfolio-copy.sqlite"),
    )
    backup.add_argument("-o", "--output", metavar="PATH", help="file or folder to write it to")
    backup.set_defaults(handler=cmd_backup)

    backups = sub.add_parser(
        "backups",
        help="list backups: date, kind, size, learners",
        **examples("portfolio backups"),
    )
    backups.set_defaults(handler=cmd_backups)

    restore = sub.add_parser(
        "restore",
        help="replace the portfolio with a backup (the current one is kept aside)",
        **examples(
            "portfolio restore latest",
            "portfolio restore portfolio-20261201-093000-manual.sqlite",
        ),
    )
    restore.add_argument(
        "backup",
        metavar="PATH",
        help="a backup file, a name listed by `portfolio backups`, or `latest`",
    )
    restore.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.db.backup import create_backup, human_size

    if not ctx.db_path.exists():
        raise UserError(f"{ctx.db_path} does not exist yet; there is nothing to back up.")
    # No lock: the backup API reads a consistent snapshot even while the app is open.
    output = Path(args.output).expanduser().absolute() if args.output else None
    if output is not None and not output.parent.is_dir():
        raise UserError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    info = create_backup(ctx.db_path, "manual", backup_dir=ctx.backup_dir, target=output)
    print(f"Backed up {info.learners} learner(s) to {info.path} ({human_size(info.size)}).")
    return 0


def cmd_backups(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.db.backup import describe, list_backups

    infos = list_backups(ctx.db_path, ctx.backup_dir)
    if not infos:
        print(f"No backups yet in {ctx.backup_dir}.")
        return 0
    print(f"Backups of {ctx.db_path} in {ctx.backup_dir}, newest first:")
    for info in infos:
        print(f"{describe(info)}  {info.path.name}")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.db.backup import newest_good_backup
    from portfolio.db.restore import restore_file

    ctx.lock()  # never swap the file under a running app
    if args.backup == "latest":
        newest = newest_good_backup(ctx.db_path, ctx.backup_dir)
        if newest is None:
            raise UserError(f"There is no good backup in {ctx.backup_dir} to restore.")
        chosen = newest.path
    else:
        chosen = Path(args.backup).expanduser().absolute()
        in_folder = ctx.backup_dir / args.backup
        if not chosen.exists() and Path(args.backup).name == args.backup and in_folder.exists():
            chosen = in_folder  # a name as listed by `portfolio backups`
    result = restore_file(ctx.db_path, chosen, backup_dir=ctx.backup_dir)
    print(result.message())
    return 0
