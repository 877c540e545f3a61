"""Goals and counselling commands: roles, programs, gap, pathways, export-plan."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from portfolio.cli.context import CliContext
from portfolio.cli.naming import LEARNER_HELP, ROLE_HELP, announce, described, examples
from portfolio.errors import UserError


def register(sub: Any) -> None:
    roles = sub.add_parser(
        "roles", help="list the target roles, one per line", **examples("portfolio roles")
    )
    roles.set_defaults(handler=cmd_roles)

    programs = sub.add_parser(
        "programs",
        help="list the program catalog, one per line",
        **examples("portfolio programs"),
    )
    programs.set_defaults(handler=cmd_programs)

    add_role = sub.add_parser(
        "add-role",
        help="add a target role of your own",
        **examples(
            'portfolio add-role "Data Steward" --essential "Data governance, SQL" '
            '--optional "Python programming"'
        ),
    )
    add_role.add_argument("name", metavar="NAME", help="the role's name")
    add_role.add_argument(
        "--essential", metavar="SKILLS", required=True, help="skills, separated by commas"
    )
    add_role.add_argument(
        "--optional", metavar="SKILLS", default="", help="nice-to-have skills, separated by commas"
    )
    add_role.add_argument(
        "--description", metavar="TEXT", default="", help="what the role is about (optional)"
    )
    add_role.add_argument(
        "--new-skill",
        metavar="NAME",
        action="append",
        default=[],
        help="create NAME as a new skill rather than refuse a name the taxonomy does not know "
        "(repeat for several)",
    )
    add_role.set_defaults(handler=cmd_add_role)

    add_program = sub.add_parser(
        "add-program",
        help="add a program to the catalog",
        **examples(
            'portfolio add-program "SQL for analysts" --provider "City College" --weeks 6 '
            '--skills "SQL, Data analysis"'
        ),
    )
    add_program.add_argument("name", metavar="NAME", help="the program's name")
    add_program.add_argument("--provider", default="", help="who offers it (optional)")
    add_program.add_argument("--weeks", type=float, help="length in weeks of study")
    add_program.add_argument("--url", default="", help="its web page (optional)")
    add_program.add_argument(
        "--skills", metavar="SKILLS", default="", help="skills taught, separated by commas"
    )
    add_program.set_defaults(handler=cmd_add_program)

    gap = sub.add_parser(
        "gap",
        help="skill-gap report of a learner against a target role",
        description="Which of the role's skills the learner covers, partly covers or misses, "
        "with the evidence, and the catalog's programs that close the gap fastest.",
        **examples(
            'portfolio gap --learner "Samantha Kolb" --role "Digital Marketing Coordinator"'
        ),
    )
    gap.add_argument("--learner", metavar="NAME", required=True, help=LEARNER_HELP)
    gap.add_argument("--role", metavar="ROLE", required=True, help=ROLE_HELP)
    gap.set_defaults(handler=cmd_gap)

    pathways = sub.add_parser(
        "pathways",
        help="progress on a learner's stackable pathways",
        **examples('portfolio pathways --learner "Audrey Heath"'),
    )
    pathways.add_argument("--learner", metavar="NAME", required=True, help=LEARNER_HELP)
    pathways.set_defaults(handler=cmd_pathways)

    plan = sub.add_parser(
        "export-plan",
        help="write the action-plan PDF for a learner and role",
        description="Write the counselling action plan as a PDF: the gap report, suggested "
        "programs and the actions agreed in sessions.",
        **examples(
            'portfolio export-plan --learner "Daniel Moreau" --role "Project Manager" -o plan.pdf'
        ),
    )
    plan.add_argument("--learner", metavar="NAME", required=True, help=LEARNER_HELP)
    plan.add_argument("--role", metavar="ROLE", required=True, help=ROLE_HELP)
    plan.add_argument(
        "-o", "--output", metavar="FILE.pdf", required=True, type=Path, help="the PDF to write"
    )
    plan.set_defaults(handler=cmd_export_plan)


def _ensure_library(ctx: CliContext) -> None:
    from portfolio.services.programs import ensure_program_catalog, needs_programs
    from portfolio.services.roles import ensure_role_library, needs_roles
    from portfolio.services.taxonomy import needs_taxonomy

    with ctx.read_database().read_session() as session:
        if not (needs_taxonomy(session) or needs_roles(session) or needs_programs(session)):
            return  # nothing to write: works while the app has the file open
    with ctx.database().session() as session:
        ensure_role_library(session)
        ensure_program_catalog(session)


def cmd_roles(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.roles import list_roles

    _ensure_library(ctx)
    with ctx.read_database().read_session() as session:
        for role in list_roles(session):
            print(role.name)
    return 0


def cmd_programs(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.programs import list_programs

    _ensure_library(ctx)
    with ctx.read_database().read_session() as session:
        for program in list_programs(session):
            detail = [program.provider_line, program.duration_text]
            print("\t".join([program.name, *filter(None, detail)]))
    return 0


def cmd_add_role(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.roles import (
        create_role,
        get_role,
        role_input,
        split_skills,
        unknown_skill_message,
        unknown_skills,
    )
    from portfolio.text import fold

    _ensure_library(ctx)
    new = {fold(name) for name in args.new_skill}
    names = [n for n in split_skills(f"{args.essential}, {args.optional}") if fold(n) not in new]
    with ctx.database().read_session() as session:
        unknown = unknown_skills(session, names)
    if unknown:
        # A typo would otherwise become a new skill that no credential or program teaches.
        raise UserError(
            " ".join(unknown_skill_message(u) for u in unknown)
            + " Correct the name, or add "
            + " ".join(f'--new-skill "{u.name}"' for u in unknown)
            + (" to create it as a new skill." if len(unknown) == 1 else " to create them.")
        )
    with ctx.database().session() as session:
        role_id = create_role(
            session, role_input(args.name, args.description, args.essential, args.optional)
        )
        role = get_role(session, role_id)
    counts = ", ".join(
        f"{n} {kind} skill{'' if n == 1 else 's'}"
        for n, kind in ((len(role.essential), "essential"), (len(role.optional), "optional"))
    )
    print(f"Added role “{role.name}” ({counts})")
    return 0


def cmd_add_program(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.goal_records import ProgramInput
    from portfolio.services.programs import add_program
    from portfolio.services.roles import split_skills

    _ensure_library(ctx)
    with ctx.database().session() as session:
        add_program(
            session,
            ProgramInput(
                name=args.name,
                provider=args.provider,
                duration_weeks=args.weeks,
                url=args.url,
                skills=tuple(split_skills(args.skills)),
            ),
        )
    print(f"Added program “{args.name.strip()}”")
    return 0


def cmd_gap(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.gap import gap_report
    from portfolio.services.learners import find_learner
    from portfolio.services.roles import find_role

    _ensure_library(ctx)
    with ctx.read_database().read_session() as session:
        learner = find_learner(session, args.learner)
        announce("learner", args.learner, learner.name)
        role = find_role(session, args.role)
        announce("role", args.role, role.name)
        report = gap_report(session, learner.id, role.id)
    print(format_gap(report))
    return 0


def format_gap(report: Any) -> str:
    """The gap report as plain text for a terminal."""
    from portfolio.services.goal_records import Coverage, GapReport

    assert isinstance(report, GapReport)
    out = [
        f"{report.learner_name} — {report.role_name}",
        f"Coverage: {report.score:.0f}% ({report.coverage_counts()})",
        f"  {report.coverage_rule()}",
    ]
    titles = {
        Coverage.COVERED: "Covered",
        Coverage.PARTIAL: "Partly covered",
        Coverage.MISSING: "Missing",
    }
    for coverage, title in titles.items():
        lines = report.with_coverage(coverage)
        if not lines:
            continue
        out += ["", f"{title}:"]
        for line in lines:
            head = f"  [{line.importance.value}] {line.label}"
            if line.reason:
                head += f" — {line.reason}"
            out.append(head)
            for evidence in line.evidence:
                out.append(f"      {evidence.describe()}")
    out += ["", "Suggested programs (gap closed per week of study):"]
    if not report.suggestions:
        out.append("  none in the catalog teach the missing skills")
    for index, suggestion in enumerate(report.suggestions, 1):
        program = suggestion.program
        pace = (
            f"{suggestion.per_week:.2f} points/week over {program.duration_weeks:g} weeks"
            if suggestion.per_week is not None
            else "duration unknown"
        )
        provider = f" ({program.provider_line})" if program.provider_line else ""
        out.append(f"  {index}. {program.name}{provider}")
        out.append(f"     closes {suggestion.gap_points:g} points: {', '.join(suggestion.closes)}")
        out.append(f"     {pace}")
    return "\n".join(out)


def cmd_pathways(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.services.learners import find_learner
    from portfolio.services.pathways import pathway_progress

    with ctx.read_database().read_session() as session:
        learner = find_learner(session, args.learner)
        announce("learner", args.learner, learner.name)
        progress = pathway_progress(session, learner.id)
    if not progress:
        print(f"{learner.name} has no pathways yet.")
        return 0
    for index, pathway in enumerate(progress):
        if index:
            print()
        derived = " (from stacking)" if pathway.derived else ""
        print(f"{pathway.name}{derived}")
        if pathway.target:
            print(f"  toward: {pathway.target}")
        print(f"  progress: {pathway.summary()} ({pathway.fraction:.0%})")
        for item in pathway.items:
            mark = "x" if item.done else " "
            credits = f" — {item.credits:g} credit(s)" if item.credits else ""
            print(f"  [{mark}] {item.title}{credits} ({item.state})")
        left = pathway.left
        print(f"  left: {', '.join(i.title for i in left) if left else 'nothing'}")
    return 0


def cmd_export_plan(args: argparse.Namespace, ctx: CliContext) -> int:
    from portfolio.export.plan_pdf import build_plan, render_plan
    from portfolio.fileio import atomic_write
    from portfolio.services.learners import find_learner
    from portfolio.services.roles import find_role

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UserError(f"The output file {output} should end in .pdf.")
    _ensure_library(ctx)
    with ctx.read_database().read_session() as session:
        learner = find_learner(session, args.learner)
        announce("learner", args.learner, learner.name)
        role = find_role(session, args.role)
        announce("role", args.role, role.name)
        document = build_plan(session, learner.id, role.id)
    atomic_write(output, render_plan(document))
    print(f"Wrote {output} for {described(learner.name, role=role.name)}.")
    return 0
