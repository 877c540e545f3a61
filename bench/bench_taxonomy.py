"""Taxonomy figures: ESCO import of a generated 14,000-row file, and search time per query.

`python bench/bench_taxonomy.py [--quick]` or through bench/run.py.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import Figure, table, time_call

from portfolio.db import open_database
from portfolio.importers.esco import esco_sample_row, import_esco, write_esco_csv
from portfolio.services import suggest
from portfolio.services.skill_search import search_skills
from portfolio.services.taxonomy import ensure_builtin_taxonomy

ROWS = 14_000
VERBS = [
    "manage",
    "operate",
    "use",
    "apply",
    "develop",
    "monitor",
    "maintain",
    "design",
    "assess",
    "coordinate",
    "perform",
    "install",
    "supervise",
    "analyse",
    "prepare",
    "inspect",
    "advise",
    "teach",
    "plan",
    "repair",
]
NOUNS = [
    "staff",
    "machinery",
    "records",
    "budgets",
    "software",
    "systems",
    "projects",
    "patients",
    "crops",
    "vehicles",
    "documents",
    "timber",
    "equipment",
    "data",
    "networks",
    "events",
    "contracts",
    "materials",
    "suppliers",
    "policies",
    "food",
    "samples",
    "customers",
    "buildings",
    "energy",
    "water",
    "soil",
    "textiles",
    "music",
    "images",
    "reports",
]
EXTRA = [
    "safely",
    "efficiently",
    "in",
    "production",
    "for",
    "clients",
    "in",
    "healthcare",
    "in",
    "construction",
    "at",
    "sea",
    "according",
    "to",
    "standards",
    "with",
    "precision",
]
QUERIES = [
    "writing",
    "resume",
    "public speak",
    "manage staff",
    "azure",
    "timber",
    "data",
    "négociation",
    "operate vehicles",
    "ma",
]


def make_csv(path: Path, rows: int = ROWS) -> None:
    rnd = random.Random(42)
    out = []
    for i in range(rows):
        verb, noun = rnd.choice(VERBS), rnd.choice(NOUNS)
        label = f"{verb} {noun} {rnd.choice(EXTRA)} {i}"
        alts = "\n".join(f"{rnd.choice(VERBS)} {noun} {j}" for j in range(rnd.randint(2, 8)))
        out.append(
            esco_sample_row(
                conceptUri=f"http://data.europa.eu/esco/skill/bench-{i:06d}",
                preferredLabel=label,
                altLabels=alts,
                description=f"Ability to {verb} {noun} as required by the job. " * 3,
            )
        )
    write_esco_csv(path, out)


def run(quick: bool = False) -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "skills_en.csv"
        make_csv(csv_path)
        import_times = []
        for attempt in range(1 if quick else 3):
            db = open_database(Path(tmp) / f"p{attempt}.sqlite")
            with db.session() as s:
                ensure_builtin_taxonomy(s)
            start = time.perf_counter()
            with db.session() as s:
                import_esco(s, csv_path)
            import_times.append(time.perf_counter() - start)
            if attempt:
                db.dispose()
        figures.append(
            Figure(f"ESCO import, {ROWS:,} rows", "s", import_times, "< 5 s", max(import_times) < 5)
        )
        db = open_database(Path(tmp) / "p0.sqlite")
        with db.read_session() as s:
            per_query = []
            for q in QUERIES:
                per_query.extend(time_call(lambda q=q: search_skills(s, q, 20), 5 if quick else 20))
            suggest._cache.clear()
            build = time_call(lambda: suggest.warm_up(s), 1, warmup=0)
            calls = time_call(
                lambda: suggest.suggest_skills(
                    s,
                    "Digital Marketing Bootcamp",
                    "A targeted set of skills in branding, analytics and content distribution.",
                    "Alacrity Canada",
                ),
                5 if quick else 20,
            )
        db.dispose()
        figures.append(
            Figure(
                "suggestion index build (first suggestion)",
                "ms",
                build,
                "< 2000 ms",
                build[0] < 2000,
                note="runs on ctx.tasks, off the UI thread",
            )
        )
        figures.append(
            Figure(
                "suggestions for one credential",
                "ms",
                calls,
                "< 50 ms",
                sorted(calls)[len(calls) // 2] < 50,
            )
        )
        figures.append(
            Figure(
                f"skill search per query (~{ROWS + 500:,} skills)",
                "ms",
                per_query,
                "< 16 ms (one frame) median",
                sorted(per_query)[len(per_query) // 2] < 16,
                note="max is the broadest query ('ma')",
            )
        )
    return figures


if __name__ == "__main__":
    print(table(run(quick="--quick" in sys.argv)))
