"""`portfolio import` and `portfolio export` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def test_import_dry_run_changes_nothing_then_import_and_export(
    cli, tmp_path: Path, real_world
) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "p.sqlite")
    sample = str(real_world("jsonresume", "sample.resume.json"))
    result = cli("--db", db, "import", sample, "--dry-run")
    assert result.code == 0, result.err
    assert "Richard Hendriks (new learner)" in result.out and "Dry run" in result.out
    assert cli("--db", db, "learners").out == ""
    result = cli("--db", db, "import", sample)
    assert result.code == 0 and "2 credentials imported" in result.out
    result = cli(
        "--db",
        db,
        "import",
        str(IO / "ob2_baked.png"),
        str(IO / "ob3_baked_jwt.svg"),
        "--learner",
        "Richard",
    )
    assert result.code == 0, result.err
    assert "+ credential: Cloud Foundations" in result.out
    result = cli("--db", db, "import", str(IO / "ob2_baked.png"), "--learner", "Richard")
    assert (
        "= credential: Data Visualisation Fundamentals" in result.out
        and "1 duplicate skipped" in result.out
    )
    for fmt, name in (("jsonresume", "r.json"), ("portfolio", "r.lpportfolio"), ("csv", "r.csv")):
        out = tmp_path / name
        result = cli("--db", db, "export", "--learner", "Richard", "--format", fmt, "-o", str(out))
        assert result.code == 0, result.err
        assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads((tmp_path / "r.json").read_text())["basics"]["name"] == "Richard Hendriks"
    other = str(tmp_path / "other.sqlite")
    result = cli("--db", other, "import", str(tmp_path / "r.lpportfolio"))
    assert result.code == 0, result.err
    assert "4 credentials imported" in result.out


def test_import_errors_name_the_file_and_write_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "p.sqlite")
    result = cli("--db", db, "import", str(IO / "xxe.svg"), "--learner", "Sam")
    assert result.code == 1
    assert result.err.startswith("error: xxe.svg: the SVG declares XML entities")
    result = cli(
        "--db",
        db,
        "import",
        str(IO / "ob2_baked.png"),
        str(IO / "truncated.png"),
        "--learner",
        "Sam",
    )
    assert result.code == 1 and "truncated.png" in result.err
    assert cli("--db", db, "learners").out == ""
    result = cli(
        "--db",
        db,
        "export",
        "--learner",
        "Nobody",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "x.csv"),
    )
    assert result.code == 1 and "No learner called" in result.err


def test_an_import_keeps_a_pre_import_snapshot_and_a_dry_run_does_not(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "p.sqlite")
    assert cli("--db", db, "demo").code == 0
    result = cli("--db", db, "import", str(IO / "ob2_baked.png"), "--learner", "Sam", "--dry-run")
    assert result.code == 0, result.err
    assert "No backups yet" in cli("--db", db, "backups").out
    result = cli("--db", db, "import", str(IO / "truncated.png"), "--learner", "Sam")
    assert result.code == 1
    assert "No backups yet" in cli("--db", db, "backups").out  # a refused file: no snapshot
    result = cli("--db", db, "import", str(IO / "ob2_baked.png"), "--learner", "Sam")
    assert result.code == 0, result.err
    listing = cli("--db", db, "backups").out
    snapshot_lines = [line for line in listing.splitlines() if "  pre-import  " in line]
    assert len(snapshot_lines) == 1 and "3 learner(s)" in snapshot_lines[0]
    # The snapshot holds the portfolio before the import: restoring it removes Sam again.
    assert cli("--db", db, "restore", "latest").code == 0
    names = [line.split("\t")[0] for line in cli("--db", db, "learners").out.splitlines()]
    assert "Sam" not in names and len(names) == 3
