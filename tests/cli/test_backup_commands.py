"""`portfolio backup`, `backups`, `restore` as a user types them."""

import sqlite3
import stat
from pathlib import Path


def count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM learner").fetchone()[0])
    finally:
        conn.close()


def test_backup_list_and_restore_round_trip(cli, home: Path, tmp_path: Path) -> None:
    assert cli("demo").code == 0
    made = cli("backup")
    assert made.code == 0
    assert made.out.startswith("Backed up 3 learner(s) to ")
    backup = Path(made.out.split(" to ", 1)[1].rsplit(" (", 1)[0])
    assert backup.parent == home / "backups"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    listing = cli("backups")
    assert listing.code == 0
    assert "manual" in listing.out and "3 learner(s)" in listing.out and backup.name in listing.out

    db_file = home / "portfolio.sqlite"
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("DELETE FROM learner")
    conn.commit()
    conn.close()
    assert count(db_file) == 0

    restored = cli("restore", backup.name)
    assert restored.code == 0, restored.err
    assert f"Restored {backup.name} (3 learner(s))" in restored.out
    assert "pre-restore" in restored.out
    assert count(db_file) == 3
    assert "pre-restore" in cli("backups").out


def test_backup_to_a_chosen_file_or_folder(cli, tmp_path: Path) -> None:
    cli("demo")
    target = tmp_path / "usb" / "copy.sqlite"
    target.parent.mkdir()
    assert cli("backup", "-o", str(target)).code == 0
    assert count(target) == 3
    assert cli("backup", "-o", str(target.parent)).code == 0
    assert len(list(target.parent.iterdir())) == 2
    missing = cli("backup", "-o", str(tmp_path / "nope" / "x.sqlite"))
    assert missing.code == 1
    assert "does not exist" in missing.err


def test_restore_latest_recovers_a_damaged_portfolio(cli, home: Path) -> None:
    cli("demo")
    cli("backup")
    db_file = home / "portfolio.sqlite"
    data = bytearray(db_file.read_bytes())
    data[4096 + 8 : 4096 + 1500] = b"\xff" * 1492
    db_file.write_bytes(bytes(data))
    opened = cli("learners")
    assert opened.code == 1
    assert "damaged" in opened.err and "portfolio restore" in opened.err
    assert len(opened.err.strip().splitlines()) == 1
    assert cli("check").code == 1
    restored = cli("restore", "latest")
    assert restored.code == 0
    assert "damaged" in restored.out  # says where the damaged file went
    assert cli("check").code == 0
    assert any("damaged" in p.name for p in home.iterdir())


def test_restore_without_backups_or_file_is_a_clear_error(cli, home: Path) -> None:
    cli("demo")
    none = cli("restore", "latest")
    assert none.code == 1 and "no good backup" in none.err
    missing = cli("restore", str(home / "nope.sqlite"))
    assert missing.code == 1 and "does not exist" in missing.err
    nothing = cli("--db", str(home / "absent.sqlite"), "backup")
    assert nothing.code == 1 and "nothing to back up" in nothing.err
