"""Run every benchmark and print one table: `python bench/run.py [--quick] [AREA ...]`.

Each area generates its own data in a temporary folder (demo learners, a learner holding 10,000
credentials, 1,000 learners, a 10,000-certificate JSON Resume, 14,000 ESCO skills...). Figures are
medians over repeated runs with min and max; ratios compare medians. Exit status 1 when a target
is not met.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, machine, table

AREAS = ("gui", "cv", "import", "taxonomy", "goals", "safety")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("areas", nargs="*", default=list(AREAS))
    args = parser.parse_args()
    figures: list[Figure] = []
    for area in args.areas:
        try:
            module = importlib.import_module(f"bench_{area}")
        except ModuleNotFoundError:
            print(f"(no benchmark for {area} yet)", file=sys.stderr)
            continue
        print(f"running {area}...", file=sys.stderr)
        figures.extend(module.run(quick=args.quick))
    mode = "quick: fewer repetitions" if args.quick else "full"
    print(f"Machine: {machine()} ({mode} run, {time.strftime('%Y-%m-%d')})\n")
    print(table(figures))
    return 0 if all(f.ok is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
