"""Skills commands: `taxonomy import-esco FILE`, `taxonomy search QUERY`, `skills --learner NAME`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.cli.naming import LEARNER_HELP, announce, examples


def register(sub: Any) -> None:
    taxonomy = sub.add_parser(
        "taxonomy",
        help="search the skills taxonomy or import ESCO skills",
        **examples("portfolio taxonomy search data analysis"),
    )
    tsub = taxonomy.add_subparsers(
        dest="taxonomy_command", metavar="ACTION", required=True, help="what to do"
    )

    esco = tsub.add_parser(
        "import-esco",
        help="import (or refresh) the ESCO skills CSV",
        **examples("portfolio taxonomy import-esco ~/Downloads/ESCO/skills_en.csv"),
    )
    esco.add_argument("file", metavar="FILE", type=Path, help="ESCO skills_en.csv")
    esco.set_defaults(handler=cmd_import_esco)

    search = tsub.add_parser(
        "search",
        help="find skills by label, alternative label or keyword",
        **examples("portfolio taxonomy search resume --limit 5"),
    )
    search.add_argument(
        "query", metavar="QUERY", nargs="+", help="words to look for (accents and case ignored)"
    )
    search.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    search.set_defaults(handler=cmd_search)

    merge = tsub.add_parser(
        "merge",
        help="merge one skill into another (links, claims and labels move over)",
        **examples('portfolio taxonomy merge "Public speaking" "Presenting"'),
    )
    merge.add_argument("keep", metavar="KEEP", help="label (or #id) of the skill to keep")
    merge.add_argument("remove", metavar="REMOVE", help="label (or #id) of the skill to fold in")
    merge.set_defaults(handler=cmd_merge)

    skills = sub.add_parser(
        "skills",
        help="a learner's skills with the evidence behind each",
        **examples('portfolio skills --learner "Samantha Kolb"'),
    )
    skills.add_argument("--learner", metavar="NAME", required=True, help=LEARNER_HELP)
    skills.set_defaults(handler=cmd_skills)


def _ensure_taxonomy(ctx: CliContext) -> None:
    from portfolio.services.taxonomy import ensure_builtin_taxonomy, needs_taxonomy

    with ctx.read_database().read_session() as session:
        if not needs_taxonomy(session):
            return  # nothing to write: works while the app has the file open
    with ctx.database().session() as session:
        if needs_taxonomy(session):
            ensure_builtin_taxonomy(session)


def cmd_import_esco(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.importers.esco import import_esco
    from portfolio.services.skills import ESCO_ATTRIBUTION

    _ensure_taxonomy(ctx)
    interactive = sys.stderr.isatty()
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = done * 100 // max(total, 1)
        if interactive and percent != shown:
            shown = percent
            print(f"\rImporting ESCO skills… {percent}%", end="", file=sys.stderr, flush=True)

    with ctx.database().session() as session:
        result = import_esco(session, args.file, progress)
    if interactive:
        print(file=sys.stderr)
    print(
        f"Imported {result.total} ESCO skill(s) from {args.file.name}: {result.added} added, "
        f"{result.updated} updated, {result.unchanged} unchanged."
    )
    print(ESCO_ATTRIBUTION)
    return 0


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.models import SkillSource
    from portfolio.services.skill_search import search_skills
    from portfolio.services.skills import ESCO_ATTRIBUTION

    _ensure_taxonomy(ctx)
    query = " ".join(args.query)
    with ctx.read_database().read_session() as session:
        hits = search_skills(session, query, limit=max(args.limit, 1))
    if not hits:
        print(f"No skill matches “{query}”.", file=sys.stderr)
        return 1
    for hit in hits:
        fields = [hit.label, hit.category or "-"]
        if hit.uri:
            fields.append(hit.uri)
        print("\t".join(fields))
    if any(hit.source is SkillSource.ESCO for hit in hits):
        print(f"\n{ESCO_ATTRIBUTION}")
    return 0


def cmd_skills(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.learners import find_learner
    from portfolio.services.skills import ESCO_ATTRIBUTION, skill_profile

    with ctx.read_database().read_session() as session:
        learner = find_learner(session, args.learner)
        announce("learner", args.learner, learner.name)
        profile = skill_profile(session, learner.id)
    if not profile.entries:
        print(f"{learner.name} has no skills yet; link skills to a credential or experience.")
        return 0
    print(f"Skills of {learner.name} ({len(profile.entries)}):")
    for entry in profile.entries:
        latest = entry.latest_text()
        if entry.unbacked:
            detail = f"claimed ({entry.strongest_level.value}), no evidence yet"
        else:
            detail = f"{entry.strongest_level.value}, {entry.evidence_count} evidence"
            if latest:
                detail += f", latest {latest}"
        print(f"\n{entry.label} [{entry.category or 'Other'}] - {detail}")
        for ev in entry.evidence:
            when = "present" if ev.current else (ev.date.display() if ev.date else "undated")
            org = f", {ev.organization}" if ev.organization else ""
            print(f"  - {ev.kind}: {ev.title}{org} ({when}; {ev.level.value})")
    if profile.has_esco:
        print(f"\n{ESCO_ATTRIBUTION}")
    return 0


def _find_one(session: Any, text: str) -> Any:
    from portfolio.errors import UserError
    from portfolio.services.skill_links import find_skill_by_label
    from portfolio.services.skills import get_skill

    if text.startswith("#") and text[1:].isdigit():
        return get_skill(session, int(text[1:]))
    skill = find_skill_by_label(session, text)
    if skill is None:
        raise UserError(
            f"No skill is called “{text}”; see `portfolio taxonomy search {text}` for close ones."
        )
    return get_skill(session, skill.id)


def cmd_merge(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.skills import merge_skills

    with ctx.database().session() as session:
        keep = _find_one(session, args.keep)
        gone = _find_one(session, args.remove)
        result = merge_skills(session, keep.id, gone.id)
    print(
        f"Merged “{gone.label}” into “{keep.label}”: {result.moved_links} link(s) and claim(s) "
        f"moved; “{gone.label}” is now an alternative label."
    )
    return 0
