"""The `portfolio` command line: a thin argparse front end over services, importers and export.

Each feature registers its subcommands from its own module listed in COMMAND_MODULES, so the
parser is assembled without importing Qt, ReportLab or the importers until a command needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sqlite3
import sys
from collections.abc import Sequence

from portfolio import __version__
from portfolio.cli.context import CliContext
from portfolio.cli.naming import examples
from portfolio.db.lock import friendly_error
from portfolio.errors import UserError, environment_error
from portfolio.logs import setup_logging
from portfolio.paths import AppPaths, ensure_private_dir

log = logging.getLogger(__name__)

COMMAND_MODULES = (
    "portfolio.cli.core",
    "portfolio.cli.forget",
    "portfolio.cli.skills",
    "portfolio.cli.goals",
    "portfolio.cli.io",
    "portfolio.cli.cv",
    "portfolio.cli.backup",
    "portfolio.cli.verify",
)

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portfolio",
        description="Learner Portfolio: degrees, bootcamps and micro-credentials, mapped to "
        "skills, exported as a CV tailored to a target role. Run without a command to open the "
        "desktop app.",
        **examples(
            "portfolio demo && portfolio",
            'portfolio export-cv --learner "Samantha Kolb" -o samantha.pdf',
            "portfolio COMMAND --help",
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="portfolio database to use (default: $PORTFOLIO_DB, else the user data folder)",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the desktop app)"
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if getattr(args, "handler", None) is None:
        # No command opens the desktop app: parse again as `gui`, so every option of `gui` has
        # its default (global options such as --db come before the command).
        args = parser.parse_args([*args_list, "gui"])
    paths = AppPaths.from_environment()
    with contextlib.suppress(OSError):  # reported properly when the database is opened
        ensure_private_dir(paths.data_dir)
    log_file = setup_logging(paths.log_dir)
    ctx = CliContext(paths=paths, db_path=paths.resolve_db(args.db))
    handler = args.handler
    try:
        return int(handler(args, ctx) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if _is_operational_error(exc):
            # "database is locked" / "disk is full" from SQLite are the user's to fix, not bugs.
            friendly = friendly_error(exc, ctx.db_path)
            if friendly is None:
                log.error("internal error in command %r", args.command, exc_info=exc)
                print(_internal_message(log_file), file=sys.stderr)
                return EXIT_INTERNAL
            print(f"error: {friendly}", file=sys.stderr)
            return EXIT_USER_ERROR
        environment = environment_error(exc)
        if environment is not None:  # a read-only or full disk, a folder one may not write to
            print(f"error: {environment}", file=sys.stderr)
            return EXIT_USER_ERROR
        log.exception("internal error in command %r", args.command)
        print(_internal_message(log_file), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        ctx.close()


def _is_operational_error(exc: BaseException) -> bool:
    """SQLite's OperationalError, raw or wrapped by SQLAlchemy.

    SQLAlchemy is not imported here: a command that never loaded it cannot have raised its errors.
    """
    if isinstance(exc, sqlite3.OperationalError):
        return True
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.OperationalError)


def _internal_message(log_file: object) -> str:
    return (
        f"error: something went wrong inside Learner Portfolio; details were written to "
        f"{log_file}. Nothing was saved half-way."
    )


def run() -> None:
    sys.exit(main())
