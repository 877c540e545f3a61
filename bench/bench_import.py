"""Import benchmark: a JSON Resume with 10,000 certificates, read, planned and applied in one
transaction (target: a few seconds), plus the portfolio-file export of the result.

`python bench/bench_import.py [--quick]` or through bench/run.py.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import Figure, machine, table

from portfolio.db import open_database
from portfolio.export.portfolio_export import export_portfolio
from portfolio.importers.detect import read_paths
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import plan_import

TARGET_SECONDS = 5.0


def make_resume(path: Path, count: int) -> None:
    issuers = [f"Issuer {i}" for i in range(200)]
    doc = {
        "basics": {"name": "Bench Learner", "label": "Lifelong learner"},
        "certificates": [
            {
                "name": f"Certificate {i}",
                "issuer": issuers[i % len(issuers)],
                "date": f"{2000 + i % 25}-{1 + i % 12:02d}",
                "url": f"https://certs.example.org/{i}",
                "skills": [{"name": f"Skill {i % 300}"}],
            }
            for i in range(count)
        ],
    }
    path.write_text(json.dumps(doc))


def one_run(folder: Path, count: int) -> tuple[float, float, float]:
    resume = folder / "big.resume.json"
    make_resume(resume, count)
    db_path = folder / "bench.sqlite"
    db_path.unlink(missing_ok=True)
    db = open_database(db_path)
    try:
        start = time.perf_counter()
        bundles = read_paths([resume])
        with db.session() as session:
            plan = plan_import(session, bundles)
            summary = apply_import(session, plan)
        total = time.perf_counter() - start
        assert summary.credentials_added == count
        start = time.perf_counter()
        with db.session() as session:
            plan = plan_import(session, read_paths([resume]))
        replan = time.perf_counter() - start
        assert plan.count("credential", "skip") == count
        start = time.perf_counter()
        with db.read_session() as session:
            export_portfolio(session, summary.learner_id)
        export = time.perf_counter() - start
    finally:
        db.dispose()
    return total, replan, export


def run(quick: bool = False) -> list[Figure]:
    count = 10_000
    repeat = 1 if quick else 3
    imports, replans, exports = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            total, replan, export = one_run(Path(tmp), count)
            imports.append(total)
            replans.append(replan)
            exports.append(export)
    return [
        Figure(
            "import JSON Resume, 10,000 certificates (read + plan + one transaction)",
            "s",
            imports,
            f"< {TARGET_SECONDS:g} s",
            max(imports) < TARGET_SECONDS,
        ),
        Figure("re-plan the same file (10,000 duplicates found)", "s", replans),
        Figure("export portfolio file of 10,000 credentials", "s", exports),
    ]


if __name__ == "__main__":
    figures = run(quick="--quick" in sys.argv)
    print(f"Machine: {machine()}\n")
    print(table(figures))
