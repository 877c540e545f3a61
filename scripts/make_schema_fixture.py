"""Regenerate tests/data/schemas/<revision>.sqlite: a small real portfolio at one schema version.

Run it once when a schema version is released, then never again for that version: the fixture
is the record of what users' files look like, and tests/db/test_schema_fixtures.py upgrades a
copy of every fixture to head and checks the data survived.

    python scripts/make_schema_fixture.py            # the current head revision
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from portfolio.db import open_database
from portfolio.db.migrate import head_revision
from portfolio.services.demo import load_demo

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "schemas"


def main() -> int:
    revision = head_revision()
    target = OUT / f"{revision}.sqlite"
    if target.exists():
        target.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    database = open_database(target)
    with database.session() as session:
        load_demo(session)
    database.dispose()
    conn = sqlite3.connect(target)
    conn.execute("VACUUM")  # small and deterministic-ish: no free pages in the committed file
    conn.close()
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
