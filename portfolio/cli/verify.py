"""`portfolio verify`: check hosted badges online, only when the user asks with --online."""

from __future__ import annotations

import argparse
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.cli.naming import LEARNER_HELP, announce, examples
from portfolio.errors import UserError


def register(sub: Any) -> None:
    verify = sub.add_parser(
        "verify",
        help="check a learner's hosted badges online with their issuers (needs --online)",
        description="Fetch each hosted Open Badges 2.0 assertion from its issuer's https address "
        "and record whether it is still there and not revoked. Nothing leaves this machine "
        "unless you add --online.",
        **examples('portfolio verify --learner "Audrey Heath" --online'),
    )
    verify.add_argument("--learner", metavar="NAME", required=True, help=LEARNER_HELP)
    verify.add_argument(
        "--credential", metavar="TITLE", help="only this credential (default: every hosted badge)"
    )
    verify.add_argument(
        "--online",
        action="store_true",
        help="allow the network: send each badge's address to its issuer's server",
    )
    verify.set_defaults(handler=cmd_verify)


def _candidates(session: Any, learner_id: int, title: str | None) -> list[Any]:
    """The credentials to check: hosted badges, or the one named by `title`."""
    from portfolio.services.credentials import get_credential, list_credentials
    from portfolio.text import fold

    rows = list_credentials(session, learner_id)
    if title is not None:
        wanted = fold(title)
        named = [r for r in rows if fold(r.title) == wanted] or [
            r for r in rows if wanted in fold(r.title)
        ]
        if not named:
            raise UserError(f"No credential called “{title.strip()}” for this learner.")
        if len(named) > 1:
            raise UserError(
                f"“{title.strip()}” matches {len(named)} credentials; give the full title."
            )
        record = get_credential(session, named[0].id)
        if not record.verification_url:
            raise UserError(
                f"“{record.title}” has no verification address, so there is nothing to check online."
            )
        return [record]
    records = [get_credential(session, r.id) for r in rows if r.verification_url]
    return [r for r in records if r.source == "openbadges"]


def cmd_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.importers import hosted
    from portfolio.services.learners import find_learner
    from portfolio.services.verification import set_verification

    db = ctx.database()
    with db.read_session() as session:
        learner = find_learner(session, args.learner)
        announce("learner", args.learner, learner.name)
        badges = _candidates(session, learner.id, args.credential)
    if not badges:
        print(f"{learner.name} has no hosted badge to check online.")
        return 0
    if not args.online:
        hosts = sorted({hosted.host_of(b.verification_url) for b in badges})
        raise UserError(
            f"Nothing leaves this machine unless you ask: add --online to fetch {len(badges)} "
            f"badge(s) of {learner.name} from {', '.join(hosts[:3])}"
            + (" and others" if len(hosts) > 3 else "")
            + "."
        )
    # Fetch first, outside any transaction (the network can be slow), then record in one.
    results = []
    failed = 0
    for badge in badges:
        try:
            body = hosted.fetch(badge.verification_url)
            check = hosted.check_assertion(badge.verification_url, body, badge.credential_id)
        except UserError as exc:  # FetchFailed, or ImportFailed from the JSON limits
            failed += 1
            print(f"  ? {badge.title}: not checked — {exc}")
            continue
        results.append((badge, check))
        mark = "✓" if check.ok else "✗"
        print(f"  {mark} {badge.title}: {check.note}")
    if results:
        with db.session() as session:
            for badge, check in results:
                set_verification(session, badge.id, check.status, check.note)
    print(
        f"Checked {len(results)} of {len(badges)} badge(s) of {learner.name} online"
        + (f"; {failed} could not be checked (nothing changed for them)." if failed else ".")
    )
    return 1 if failed else 0
