"""A corpus of hostile and broken inputs, each held to the same promise.

Every case is one row of CASES: a layer (form, cli, opener, file, import, export), what it does,
and what must happen: either REFUSED (a UserError, or a command exiting 1 with one "error: ..."
line, whose message is one short sentence naming the file or field; nothing written: row counts
and existing files unchanged, and no new file but the case's own inputs and backup snapshots, so
no half-written export) or KEPT (stored or exported exactly, as plain text). After every case a
normal save must still succeed.

Imports go through the real entry points: `portfolio import` (the `cli` fixture) and the import
service the import dialog uses; exports through `portfolio export-cv` and `portfolio export`.
Files come from tests/data/io (see make_fixtures.py) or are generated in tmp_path.

To add a case: write a function `(w: World) -> object` and append a `Case(...)` row (with a
`setup` for state it needs before the "nothing changed" snapshot); `assert_promise` does the rest.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from portfolio.dates import PartialDate, parse_field
from portfolio.db import Database, open_database
from portfolio.db.backup import create_backup
from portfolio.db.restore import restore_file
from portfolio.errors import UserError
from portfolio.fileio import atomic_write
from portfolio.importers.detect import read_paths
from portfolio.models import Base, CredentialKind
from portfolio.services.credentials import create_credential, get_credential, list_credentials
from portfolio.services.experience import create_experience
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import plan_import
from portfolio.services.learners import create_learner, find_learner, get_learner
from portfolio.services.portfolio_transfer import dump_learner
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LearnerInput,
    Link,
    RecognitionInput,
    SkillLinkInput,
)

REFUSED = "refused"
KEPT = "kept"
HUGE = "x" * 100_000


@dataclass
class World:
    db: Database
    folder: Path
    learner_id: int
    cli: Callable[..., Any]
    other_learner_credential: int = 0
    scratch: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    id: str
    layer: str  # "form" | "cli" | "opener" | "file" | "import" | "export"
    run: Callable[[World], Any]
    expect: str = REFUSED
    words: str = ""  # a fragment the message must contain (REFUSED)
    check: Callable[[World, Any], None] | None = None  # what must be true (KEPT)
    setup: Callable[[World], None] | None = None  # state the case needs, made before counting
    timeout: float | None = None  # seconds: a case that would hang if its promise broke


# -- helpers used by the cases ---------------------------------------------------------------


def learner(**fields: Any) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        with w.db.session() as session:
            return create_learner(session, LearnerInput(**{"name": "Case Learner", **fields}))

    return run


def credential(**fields: Any) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        data = {"title": "Case Credential", "kind": CredentialKind.COURSE, **fields}
        if data.get("stacks_into_id") == "other":
            data["stacks_into_id"] = w.other_learner_credential
        with w.db.session() as session:
            return create_credential(session, w.learner_id, CredentialInput(**data))

    return run


def experience(**fields: Any) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        with w.db.session() as session:
            return create_experience(
                session, w.learner_id, ExperienceInput(**{"title": "Case Job", **fields})
            )

    return run


def typed_date(value: str) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        date = parse_field("end_date", "End date", value)
        return credential(end_date=date)(w)

    return run


def learner_kept_as(field_name: str, value: str) -> Callable[[World, Any], None]:
    def check(w: World, learner_id: Any) -> None:
        with w.db.read_session() as session:
            assert getattr(get_learner(session, learner_id), field_name) == value

    return check


def credential_kept(**expected: Any) -> Callable[[World, Any], None]:
    def check(w: World, cred_id: Any) -> None:
        with w.db.read_session() as session:
            record = get_credential(session, cred_id)
        for name, value in expected.items():
            assert getattr(record, name) == value, name

    return check


def file_of(content: bytes, name: str = "input.sqlite") -> Callable[[World], Path]:
    def make(w: World) -> Path:
        path = w.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    return make


def truncated_portfolio(w: World) -> Path:
    good = w.db.path.read_bytes()
    return file_of(good[: len(good) // 3])(w)


def foreign_sqlite(w: World) -> Path:
    path = w.folder / "inputs" / "places.sqlite"
    path.parent.mkdir(exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    return path


def a_folder(w: World) -> Path:
    path = w.folder / "inputs" / "a-folder.sqlite"
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_only_folder(w: World) -> Path:
    """A folder this process cannot write to, even as root (/sys), else a chmod-ed one."""
    if os.geteuid() != 0:
        path = w.folder / "inputs" / "read-only"
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o500)
        return path
    if (os.path.isdir("/sys") and not os.access("/sys", os.W_OK | os.X_OK)) or _unwritable("/sys"):
        return Path("/sys")
    pytest.skip("no folder is read-only for this user")


def _unwritable(folder: str) -> bool:
    try:
        fd = os.open(os.path.join(folder, ".probe"), os.O_CREAT | os.O_WRONLY, 0o600)
    except OSError:
        return True
    os.close(fd)
    os.unlink(os.path.join(folder, ".probe"))
    return False


def cli_on(make: Callable[[World], Path], *args: str) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return w.cli("--db", str(make(w)), *args)

    return run


def opener(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        database = open_database(make(w), backup_dir=w.folder / "inputs" / "backups")
        database.dispose()

    return run


def restore_from(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return restore_file(w.db.path, make(w), backup_dir=w.folder / "backups")

    return run


def write_into(
    make_folder: Callable[[World], Path], name: str = "cv.pdf"
) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        atomic_write(make_folder(w) / name, b"%PDF-1.4 not really")

    return run


def backup_to(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return create_backup(w.db.path, "manual", target=make(w) / "copy.sqlite")

    return run


# -- files to be left byte-identical (#18 group 3) ---------------------------------------------
# Made in a case's `setup`, so the shared promise hashes them with their -wal, -shm and -journal
# before the case and checks every byte after it.

CRASH_MID_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")  # the save spills into the file before it dies
conn.execute("BEGIN")
conn.execute("CREATE TABLE crash_filler (x TEXT)")
conn.executemany("INSERT INTO crash_filler VALUES (?)", [("z" * 200,) for _ in range(500)])
os._exit(0)
"""


def crashed_mid_save(path: Path) -> Path:
    """Leave `path` with a hot rollback journal: a process dies in the middle of a save."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", CRASH_MID_SAVE, str(path)], check=True, timeout=60)
    assert Path(f"{path}-journal").stat().st_size > 0, "no hot journal was left"
    return path


def live_foreign_wal(w: World) -> None:
    """Another application's WAL database, held open mid-transaction by its writer."""
    path = w.folder / "inputs" / "live-wal.sqlite"
    path.parent.mkdir(exist_ok=True)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    writer.executemany(
        "INSERT INTO moz_places (url) VALUES (?)",
        [(f"https://example.org/{i}",) for i in range(300)],
    )
    writer.execute("BEGIN")
    writer.execute("UPDATE moz_places SET url = url || '#seen'")
    w.scratch["writer"] = writer  # closed by the `world` fixture
    assert Path(f"{path}-wal").stat().st_size > 0 and Path(f"{path}-shm").exists()
    w.scratch["input"] = path


def copied_foreign_wal(w: World) -> None:
    """The same files copied mid-transaction (by a sync tool, or a copy by hand): a -wal and a
    -shm with no process behind them, which a read-only connection would rebuild."""
    live_foreign_wal(w)
    live = the_input(w)
    copy = live.with_name("copied-wal.sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    w.scratch["input"] = copy


def foreign_hot_journal(w: World) -> None:
    path = w.folder / "inputs" / "crashed-foreign.sqlite"
    foreign_sqlite(w).rename(path)
    w.scratch["input"] = crashed_mid_save(path)


def newer_hot_journal(w: World) -> None:
    """Our own portfolio, written by a newer version, with a save of that version cut short."""
    path = w.folder / "inputs" / "newer.sqlite"
    path.parent.mkdir(exist_ok=True)
    create_backup(w.db.path, "manual", target=path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed0000'")
    conn.commit()
    conn.close()
    w.scratch["input"] = crashed_mid_save(path)


def the_input(w: World) -> Path:
    path: Path = w.scratch["input"]
    return path


def cli_on_db(*args: str) -> Callable[[World], Any]:
    """A command on the live portfolio, with the case's input as its argument."""

    def run(w: World) -> Any:
        return w.cli("--db", str(w.db.path), *args, str(the_input(w)))

    return run


# -- portfolio names that look like URL syntax (#18 group 4) ------------------------------------


def portfolio_named(name: str) -> Callable[[World], Any]:
    """Create a portfolio under `name` with `--db` (the engine), list it, and export a CV from
    it (the stdlib reading path): every step must use exactly that file."""

    def run(w: World) -> Any:
        folder = w.folder / "named"
        folder.mkdir(exist_ok=True)
        path = folder / name
        pdf = w.folder / "named-out" / "cv.pdf"
        pdf.parent.mkdir(exist_ok=True)
        results = [
            w.cli("--db", str(path), "demo"),
            w.cli("--db", str(path), "learners"),
            w.cli("--db", str(path), "export-cv", "--learner", "Audrey Heath", "-o", str(pdf)),
        ]
        return path, results

    return run


def used_exactly_that_file(w: World, result: Any) -> None:
    path, results = result
    for step in results:
        assert step.code == 0, step.err
    assert "Audrey Heath" in results[1].out
    # The portfolio is at exactly the path given, and nothing else (but its lock) appeared.
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, path.name + ".lock"])
    conn = sqlite3.connect(path)
    try:
        names = [row[0] for row in conn.execute("SELECT name FROM learner")]
        assert "Audrey Heath" in names
    finally:
        conn.close()


# -- importers: the real entry points ---------------------------------------------------------

IO = (
    Path(__file__).resolve().parent / "data" / "io"
)  # fixtures made by tests/data/io/make_fixtures.py


def io_fixture(name: str) -> Callable[[World], Path]:
    def make(w: World) -> Path:
        return IO / name

    return make


def written(name: str, content: bytes | str) -> Callable[[World], Path]:
    """An input made at test time (generated, never stored in the repository)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return file_of(data, name)


def json_50_mb(w: World) -> Path:
    path = w.folder / "inputs" / "huge.json"
    path.parent.mkdir(exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"basics": {"name": "Huge"}, "padding": "')
        chunk = "x" * (1024 * 1024)
        for _ in range(50):
            out.write(chunk)
        out.write('"}')
    return path


def ob3_with(**changes: Any) -> str:
    data = json.loads((IO / "ob3_credential.json").read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data)


HOSTILE_RESUME = json.dumps(
    {
        "basics": {
            "name": "<b>Zoë</b><script>alert(1)</script> & Co",
            "url": "javascript:alert(1)",
            "profiles": [{"network": "Home", "url": "JaVaScRiPt:alert(2)"}],
        },
        "certificates": [
            {
                "name": '<img src=x onerror="alert(3)">',
                "issuer": "Evil & Co",
                "url": "javascript:alert(4)",
                "date": "2021-03-01",
            }
        ],
    }
)


def portfolio_file_with(edit: Callable[[dict[str, Any]], None]) -> Callable[[World], Path]:
    """The corpus learner's own portfolio file, with one value made wrong by `edit`."""

    def make(w: World) -> Path:
        with w.db.read_session() as session:
            doc = dump_learner(session, w.learner_id)
        edit(doc["tables"])
        return file_of(json.dumps(doc).encode("utf-8"), "edited.lpportfolio")(w)

    return make


def with_credential(tables: dict[str, Any], **values: Any) -> None:
    tables["credential"] = [
        {**(tables.get("credential") or [{}])[0], "id": 1, "learner_id": 1, **values}
    ]


def ob3_achievement_with(**achievement: Any) -> Callable[[World], Path]:
    """Our OB 3.0 fixture with values of its achievement replaced."""

    def make(w: World) -> Path:
        doc = json.loads((IO / "ob3_credential.json").read_text(encoding="utf-8"))
        doc["credentialSubject"]["achievement"].update(achievement)
        return file_of(json.dumps(doc).encode("utf-8"), "edited-ob3.json")(w)

    return make


def credential_titled_in_portfolio(w: World) -> None:
    with w.db.session() as session:
        create_credential(
            session, w.learner_id, CredentialInput(title="Corpus BA", kind=CredentialKind.DEGREE)
        )


def import_cli(*makes: Callable[[World], Path], learner: str | None = "Corpus Learner") -> Any:
    """`portfolio --db <the corpus portfolio> import FILE... [--learner NAME]`."""

    def run(w: World) -> Any:
        who = ("--learner", learner) if learner else ()
        return w.cli("--db", str(w.db.path), "import", *(str(m(w)) for m in makes), *who)

    return run


def import_service(*makes: Callable[[World], Path]) -> Callable[[World], Any]:
    """What the import dialog does: read, plan and apply in one transaction."""

    def run(w: World) -> Any:
        bundles = read_paths([m(w) for m in makes])
        with w.db.session() as session:
            return apply_import(session, plan_import(session, bundles, "Corpus Learner"))

    return run


def imported_ok(*titles: str, note: str = "") -> Callable[[World, Any], None]:
    """The command succeeded, the learner holds `titles` exactly, and the preview said `note`."""

    def check(w: World, result: Any) -> None:
        assert result.code == 0, result.err
        assert note in result.out
        with w.db.read_session() as session:
            stored = {c.title for c in list_credentials(session, w.learner_id)}
        assert set(titles) <= stored, stored

    return check


def resume_kept_as_text(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    assert "3 link(s) that are not http or https addresses" in result.out  # said, not silent
    with w.db.read_session() as session:
        who = find_learner(session, "<b>Zoë</b><script>alert(1)</script> & Co")
        record = get_learner(session, who.id)
        creds = [get_credential(session, c.id) for c in list_credentials(session, who.id)]
    assert record.website == "" and not record.links  # javascript: never stored as a link
    assert [c.title for c in creds] == ['<img src=x onerror="alert(3)">']
    assert creds[0].issuer == "Evil & Co" and creds[0].verification_url == ""


def expiry_before_issue_flagged(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    assert "expired on 1 May 2023" in result.out  # the preview says it
    with w.db.read_session() as session:
        (row,) = [
            c for c in list_credentials(session, w.learner_id) if c.title == "Cloud Foundations"
        ]
        assert "Expiry is before the issue date" in get_credential(session, row.id).flags


# -- exports: PDF, CSV, JSON Resume, portfolio file --------------------------------------------

MARKUP = (
    '<b>Zoë</b> & <font size="90">Co</font> <img src="x"/> <a href="javascript:alert(1)">go</a>'
)
FORMULAS = ('=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)")


def hostile_learner(w: World) -> None:
    """A learner whose every field is hostile text, for the export cases."""
    with w.db.session() as session:
        who = create_learner(
            session, LearnerInput(name=MARKUP, headline="\tTab & <i>it</i>", summary=HUGE)
        )
        create_credential(
            session,
            who,
            CredentialInput(
                title=FORMULAS[0],
                kind=CredentialKind.CERTIFICATE,
                issuer=FORMULAS[1],
                credential_id=FORMULAS[2],
                description=HUGE,
                tags=(FORMULAS[3], "\rcr"),
                end_date=PartialDate(2021, 3),
            ),
        )
    w.scratch["hostile"] = who


def arabic_learner(w: World) -> None:
    with w.db.session() as session:
        create_learner(session, LearnerInput(name="Layla Haddad", headline="مهندسة بيانات"))


def out_path(name: str, folder: str = "out", exists: bool = True) -> Callable[[World], Path]:
    def make(w: World) -> Path:
        target = w.folder / folder
        if exists:
            target.mkdir(exist_ok=True)
        return target / name

    return make


def export_cli(fmt: str, make: Callable[[World], Path], learner: str = MARKUP) -> Any:
    def run(w: World) -> Any:
        args = ("export-cv",) if fmt == "pdf" else ("export", "--format", fmt)
        return w.cli("--db", str(w.db.path), *args, "--learner", learner, "-o", str(make(w)))

    return run


def disk_full(run: Callable[[World], Any]) -> Callable[[World], Any]:
    """`run` while every fsync of a regular file fails with ENOSPC (the disk is full)."""

    def wrapped(w: World) -> Any:
        real_fsync = os.fsync

        def full(fd: int) -> None:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.ENOSPC, "No space left on device")
            real_fsync(fd)

        with mock.patch.object(os, "fsync", full):
            return run(w)

    return wrapped


def read_only_file_system(run: Callable[[World], Any]) -> Callable[[World], Any]:
    """`run` with the portfolio's folder on a read-only file system: every folder or file made
    beside the portfolio fails with EROFS, as a USB stick mounted read-only does."""

    def wrapped(w: World) -> Any:
        real_mkdir, real_open = os.mkdir, os.open
        root = str(w.db.path.parent)

        def refuse(path: Any) -> None:
            if os.fspath(path).startswith(root) and "inputs" not in os.fspath(path):
                raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))

        def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
            refuse(path)
            real_mkdir(path, *args, **kwargs)

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                refuse(path)
            return real_open(path, flags, *args, **kwargs)

        with mock.patch.object(os, "mkdir", mkdir), mock.patch.object(os, "open", open_):
            return run(w)

    return wrapped


def hostile_learner_and_old_export(name: str) -> Callable[[World], None]:
    """The hostile learner, and an earlier export at `out/name` that must survive untouched."""

    def setup(w: World) -> None:
        hostile_learner(w)
        out_path(name)(w).write_bytes(b"the previous export")

    return setup


def pdf_kept(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    reader = PdfReader(w.folder / "out" / "cv.pdf")
    first = reader.pages[0].extract_text()
    assert "<b>Zoë</b>" in first and '<font size="90">' in first  # printed, not interpreted
    assert len(reader.pages) > 5  # the 100,000-character fields flow over pages
    links = [
        annot.get_object().get("/A", {}).get("/URI", "")
        for page in reader.pages
        for annot in page.get("/Annots") or []
    ]
    assert not [u for u in links if "javascript" in str(u).lower()]


def csv_neutralised(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    text_ = (w.folder / "out" / "creds.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text_)))
    assert rows[0]["title"] == "'" + FORMULAS[0]
    assert rows[0]["issuer"] == "'" + FORMULAS[1]
    assert rows[0]["credential_id"] == "'" + FORMULAS[2]
    assert rows[0]["tags"].startswith("'" + FORMULAS[3])
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def resume_round_trips(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    path = w.folder / "out" / "resume.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["basics"]["name"] == MARKUP
    assert data["certificates"][0]["name"] == FORMULAS[0]
    assert "javascript" not in json.dumps(data.get("basics", {}).get("profiles", []))
    # The way back in keeps every character (a hostile resume stays text).
    with w.db.session() as session:
        summary = apply_import(session, plan_import(session, read_paths([path]), "Round Trip"))
    with w.db.read_session() as session:
        (row,) = list_credentials(session, summary.learner_id)
        assert get_credential(session, row.id).description == HUGE


# -- group 2 of the hostile-input probe: what would hang or run away -------------------------

HANG = 20.0  # seconds: these cases blocked forever or ran for minutes before the fix


def a_fifo(name: str) -> Callable[[World], Path]:
    """A named pipe nobody writes to: opening it for reading the usual way blocks forever."""

    def make(w: World) -> Path:
        path = w.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        os.mkfifo(path)
        return path

    return make


def device(path: str) -> Callable[[World], Path]:
    return lambda w: Path(path)


def import_with_key(make_key: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        badge = str(IO / "ob2_baked.png")
        return w.cli(
            "--db", str(w.db.path), "import", badge, "--key", str(make_key(w)),
            "--learner", "Corpus Learner",
        )  # fmt: skip

    return run


def esco_cli(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return w.cli("--db", str(w.db.path), "taxonomy", "import-esco", str(make(w)))

    return run


def taxonomy_loaded(w: World) -> None:
    """A portfolio that already holds the built-in taxonomy (every real one does)."""
    from portfolio.services.taxonomy import ensure_builtin_taxonomy

    with w.db.session() as session:
        ensure_builtin_taxonomy(session)


def esco_rows(count: int) -> Callable[[World], Path]:
    """An ESCO-shaped skills CSV of `count` short rows, written with one join."""
    from portfolio.importers.esco import COLUMNS

    def make(w: World) -> Path:
        path = w.folder / "inputs" / "skills_en.csv"
        path.parent.mkdir(exist_ok=True)
        uri, label = COLUMNS.index("conceptUri"), COLUMNS.index("preferredLabel")
        cells = [""] * len(COLUMNS)
        cells[uri], cells[label] = "http://e.eu/s/{0}", "s{0}"
        row = ",".join(cells) + "\n"
        path.write_text(",".join(COLUMNS) + "\n" + "".join(map(row.format, range(count))))
        return path

    return make


def sparse_file(name: str, size: int) -> Callable[[World], Path]:
    """A file of `size` bytes on paper that takes no room on disk."""

    def make(w: World) -> Path:
        path = w.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        with path.open("wb") as handle:
            handle.truncate(size)
        return path

    return make


def png_with_text_chunks(count: int) -> Callable[[World], Path]:
    """Our baked OB 2.0 badge with `count` compressed text chunks of 5 MB zeros each before it
    (10 MB on disk; inflating every one of them took minutes)."""
    import struct
    import zlib

    from portfolio.importers.png import SIGNATURE, chunk

    def make(w: World) -> Path:
        good = (IO / "ob2_baked.png").read_bytes()
        ihdr_end = len(SIGNATURE) + 8 + struct.unpack(">I", good[8:12])[0] + 4
        comment = chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"\x00" * 5_000_000, 9))
        data = good[:ihdr_end] + comment * count + good[ihdr_end:]
        return file_of(data, "many-chunks.png")(w)

    return make


def credentials_csv(
    header: str, rows: str, name: str = "credentials.csv"
) -> Callable[[World], Path]:
    return file_of(f"{header}\n{rows}".encode(), name)


MILLION_ROWS = "".join(f"C{i},course\n" for i in range(1_000_000))  # 15 MB, made once
FIFTY_THOUSAND_SKILLS = ";".join(f"skill {i}" for i in range(50_000))
LONG_URL = "https://example.org/" + "v" * 200_000


def absurd_values_stored(w: World) -> None:
    """Values no import accepts any more, stored straight through the ORM (as an older version
    or another tool could have): a 200,000-character address on a credential and the learner's
    site, a 5,000-character title, and 1,000 skills on one credential."""
    from portfolio.models import Credential, CredentialSkill, Learner, Skill

    with w.db.session() as session:
        who = Learner(name="Absurd Stored", website=LONG_URL)
        session.add(who)
        session.flush()
        cred = Credential(
            learner_id=who.id,
            title="T" * 5_000,
            kind=CredentialKind.CERTIFICATE,
            verification_url=LONG_URL,
        )
        session.add(cred)
        skills = [
            Skill(label=f"Stored skill {i:04}", label_key=f"stored skill {i:04}")
            for i in range(1_000)
        ]
        session.add_all(skills)
        session.flush()
        session.add_all(CredentialSkill(credential_id=cred.id, skill_id=k.id) for k in skills)


def sane_cv(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    path = w.folder / "out" / "absurd.pdf"
    assert path.stat().st_size < 2_000_000  # it was 750 MB
    reader = PdfReader(path)
    assert len(reader.pages) < 60  # the 1,000-character title is the evidence of 200 skills
    words = "".join(page.extract_text() for page in reader.pages)
    assert words.count("Stored skill ") == 200  # the first 200 skills of the credential
    assert "vvvvvvvvvv" not in words  # the absurd address is left out, not printed
    cut_titles = re.findall(r"T+…", words.replace("\n", ""))  # the title, cut with …
    assert max(map(len, cut_titles)) == 1_000  # 999 letters and the …, never more


# -- the corpus -------------------------------------------------------------------------------

CASES = [
    # Learner form
    Case("learner-empty-name", "form", learner(name=""), words="Name is required"),
    Case("learner-blank-name", "form", learner(name=" \t\n "), words="Name is required"),
    Case("learner-100k-name", "form", learner(name=HUGE), words="Name is too long"),
    Case("learner-nul-in-name", "form", learner(name="Zoë\x00Kolb"), words="NUL"),
    Case("learner-lone-surrogate", "form", learner(name="Zo\ud800ë"), words="invalid characters"),
    Case(
        "learner-markup-name",
        "form",
        learner(name="<b>Zoë</b><script>alert(1)</script> & Co"),
        KEPT,
        check=learner_kept_as("name", "<b>Zoë</b><script>alert(1)</script> & Co"),
    ),
    Case(
        "learner-bidi-and-zero-width",
        "form",
        learner(name="Ali\u202eecila\u200b"),
        KEPT,
        check=learner_kept_as("name", "Ali\u202eecila\u200b"),
    ),
    Case("learner-email-no-at", "form", learner(email="zoe.example.org"), words="Email"),
    Case("learner-javascript-site", "form", learner(website="javascript:alert(1)"), words="http"),
    Case("learner-mixed-case-js", "form", learner(website="JaVaScRiPt:alert(1)"), words="http"),
    Case(
        "learner-file-link",
        "form",
        learner(links=(Link("Home", "file:///etc/passwd"),)),
        words="http",
    ),
    Case("learner-url-with-space", "form", learner(website="https://ex ample.org"), words="spaces"),
    Case("learner-2m-summary", "form", learner(summary="y" * 2_000_001), words="too long"),
    Case(
        "learner-100k-summary",
        "form",
        learner(summary=HUGE),
        KEPT,
        check=learner_kept_as("summary", HUGE),
    ),
    # Credential form
    Case("credential-empty-title", "form", credential(title="   "), words="Title is required"),
    Case("credential-100k-title", "form", credential(title=HUGE), words="Title is too long"),
    Case(
        "credential-100k-description",
        "form",
        credential(description=HUGE),
        KEPT,
        check=credential_kept(description=HUGE),
    ),
    Case(
        "credential-end-before-start",
        "form",
        credential(start_date=PartialDate(2020, 5), end_date=PartialDate(2019)),
        words="End date is before",
    ),
    Case(
        "credential-expiry-before-issue",
        "form",
        credential(end_date=PartialDate(2021, 6), expiry_date=PartialDate(2020, 1)),
        KEPT,
        check=lambda w, cid: (
            credential_kept()(w, cid) or _flagged(w, cid, "Expiry is before the issue date")
        ),
    ),
    Case("credential-nan-credits", "form", credential(credit_value=math.nan), words="number"),
    Case("credential-inf-credits", "form", credential(credit_value=math.inf), words="number"),
    Case("credential-negative-credits", "form", credential(credit_value=-3.0), words="negative"),
    Case("credential-nan-duration", "form", credential(duration_value=math.nan), words="number"),
    Case(
        "credential-javascript-verify",
        "form",
        credential(verification_url="javascript:fetch('//evil')"),
        words="http",
    ),
    Case(
        "credential-data-url-evidence",
        "form",
        credential(evidence_links=("data:text/html,<script>1</script>",)),
        words="http",
    ),
    Case(
        "credential-duplicate-skills",
        "form",
        credential(skills=(SkillLinkInput("SQL"), SkillLinkInput(" sql "))),
        words="listed twice",
    ),
    Case(
        "credential-unnamed-skill", "form", credential(skills=(SkillLinkInput(""),)), words="name"
    ),
    Case(
        "credential-stacks-into-other-learner",
        "form",
        credential(stacks_into_id="other"),
        words="Stacks into",
    ),
    Case("credential-nul-in-notes", "form", credential(notes="a\x00b"), words="NUL"),
    # Dates as typed
    Case("date-impossible-day", "form", typed_date("2021-02-30"), words="End date"),
    Case("date-month-13", "form", typed_date("2021-13"), words="End date"),
    Case("date-year-zero", "form", typed_date("0000"), words="End date"),
    Case("date-words", "form", typed_date("next spring"), words="not a date"),
    Case(
        "date-partial-kept",
        "form",
        typed_date("Sep 2017"),
        KEPT,
        check=credential_kept(end_date=PartialDate(2017, 9)),
    ),
    # Experience form
    Case("experience-empty-title", "form", experience(title=""), words="Title is required"),
    Case(
        "experience-end-before-start",
        "form",
        experience(start_date=PartialDate(2022), end_date=PartialDate(2021)),
        words="End date is before",
    ),
    Case("experience-javascript-url", "form", experience(url="javascript:void(0)"), words="http"),
    Case(
        "experience-surrogate-highlight",
        "form",
        experience(highlights=("led \udfff team",)),
        words="invalid characters",
    ),
    # The database opener and the command line, with broken files
    Case("open-zero-byte", "opener", opener(file_of(b"")), words="empty file"),
    Case("open-truncated", "opener", opener(truncated_portfolio), words="damaged"),
    Case("open-foreign-sqlite", "opener", opener(foreign_sqlite), words="another application"),
    Case("open-a-folder", "opener", opener(a_folder), words="folder"),
    Case(
        "cli-cp1252-text-as-db",
        "cli",
        cli_on(file_of("Zoë;Kolb;café\r\n".encode("cp1252"), "people.csv"), "learners"),
        words="not an SQLite file",
    ),
    Case(
        "cli-bom-csv-as-db",
        "cli",
        cli_on(file_of(b"\xef\xbb\xbfname,email\r\nZo\xc3\xab,z@x.org\r\n", "bom.csv"), "learners"),
        words="not an SQLite file",
    ),
    Case("cli-truncated-db", "cli", cli_on(truncated_portfolio, "learners"), words="damaged"),
    Case("cli-folder-as-db", "cli", cli_on(a_folder, "demo"), words="folder"),
    Case("cli-zero-byte-backup", "cli", cli_on(file_of(b""), "backup"), words="empty file"),
    Case("cli-check-foreign", "cli", cli_on(foreign_sqlite, "check"), words="another application"),
    # Restore and backup with broken inputs
    Case("restore-zero-byte", "file", restore_from(file_of(b"", "b.sqlite")), words="empty file"),
    Case("restore-foreign", "file", restore_from(foreign_sqlite), words="another application"),
    Case("restore-a-folder", "file", restore_from(a_folder), words="folder"),
    Case("restore-truncated", "file", restore_from(truncated_portfolio), words="damaged"),
    Case("backup-into-read-only", "file", backup_to(read_only_folder), words="Cannot write"),
    # Atomic writes (PDF, CSV exports use the same function)
    Case("write-into-read-only", "file", write_into(read_only_folder), words="Cannot write"),
    Case("write-onto-a-folder", "file", write_into(a_folder, ""), words="folder"),
    Case(
        "write-into-missing-folder",
        "file",
        write_into(lambda w: w.folder / "missing" / "deeper"),
        words="does not exist",
    ),
    # Refusing a foreign, newer or crashed file leaves it and its side files byte-identical
    Case(
        "cli-learners-on-live-foreign-wal",
        "cli",
        cli_on(the_input, "learners"),
        words="another application",
        setup=live_foreign_wal,
    ),
    Case(
        "cli-check-live-foreign-wal",
        "cli",
        cli_on(the_input, "check"),
        words="another application",
        setup=live_foreign_wal,
    ),
    Case(
        "open-live-foreign-wal",
        "opener",
        opener(the_input),
        words="another application",
        setup=live_foreign_wal,
    ),
    Case(
        "restore-live-foreign-wal",
        "file",
        restore_from(the_input),
        words="another application",
        setup=live_foreign_wal,
    ),
    Case(
        "cli-restore-live-foreign-wal",
        "cli",
        cli_on_db("restore"),
        words="another application",
        setup=live_foreign_wal,
    ),
    Case(
        "cli-learners-on-copied-foreign-wal",
        "cli",
        cli_on(the_input, "learners"),
        words="another application",
        setup=copied_foreign_wal,
    ),
    Case(
        "cli-check-copied-foreign-wal",
        "cli",
        cli_on(the_input, "check"),
        words="another application",
        setup=copied_foreign_wal,
    ),
    Case(
        "open-copied-foreign-wal",
        "opener",
        opener(the_input),
        words="another application",
        setup=copied_foreign_wal,
    ),
    Case(
        "restore-copied-foreign-wal",
        "file",
        restore_from(the_input),
        words="another application",
        setup=copied_foreign_wal,
    ),
    Case(
        "cli-restore-copied-foreign-wal",
        "cli",
        cli_on_db("restore"),
        words="another application",
        setup=copied_foreign_wal,
    ),
    Case(
        "cli-learners-on-foreign-hot-journal",
        "cli",
        cli_on(the_input, "learners"),
        words="another application",
        setup=foreign_hot_journal,
    ),
    Case(
        "cli-check-foreign-hot-journal",
        "cli",
        cli_on(the_input, "check"),
        words="another application",
        setup=foreign_hot_journal,
    ),
    Case(
        "open-foreign-hot-journal",
        "opener",
        opener(the_input),
        words="another application",
        setup=foreign_hot_journal,
    ),
    Case(
        "restore-foreign-hot-journal",
        "file",
        restore_from(the_input),
        words="another application",
        setup=foreign_hot_journal,
    ),
    Case(
        "cli-restore-foreign-hot-journal",
        "cli",
        cli_on_db("restore"),
        words="another application",
        setup=foreign_hot_journal,
    ),
    Case(
        "cli-learners-on-newer-hot-journal",
        "cli",
        cli_on(the_input, "learners"),
        words="newer version",
        setup=newer_hot_journal,
    ),
    Case(
        "cli-check-newer-hot-journal",
        "cli",
        cli_on(the_input, "check"),
        words="newer version",
        setup=newer_hot_journal,
    ),
    Case(
        "open-newer-hot-journal",
        "opener",
        opener(the_input),
        words="newer version",
        setup=newer_hot_journal,
    ),
    Case(
        "restore-newer-hot-journal",
        "file",
        restore_from(the_input),
        words="newer version",
        setup=newer_hot_journal,
    ),
    Case(
        "cli-restore-newer-hot-journal",
        "cli",
        cli_on_db("restore"),
        words="newer version",
        setup=newer_hot_journal,
    ),
    # A portfolio name is a file name, never a URL: `?`, `#`, `%` and the rest are kept
    Case(
        "cli-db-name-with-question-mark",
        "cli",
        portfolio_named("my?mode=ro.sqlite"),
        KEPT,
        check=used_exactly_that_file,
    ),
    Case(
        "cli-db-name-with-hash",
        "cli",
        portfolio_named("notes#1.sqlite"),
        KEPT,
        check=used_exactly_that_file,
    ),
    Case(
        "cli-db-name-with-percent",
        "cli",
        portfolio_named("100%25 sure%.sqlite"),
        KEPT,
        check=used_exactly_that_file,
    ),
    Case(
        "cli-db-name-with-spaces",
        "cli",
        portfolio_named(" my  portfolio .sqlite"),
        KEPT,
        check=used_exactly_that_file,
    ),
    Case(
        "cli-db-name-with-non-ascii",
        "cli",
        portfolio_named("Zoë Łukasz 学生.sqlite"),
        KEPT,
        check=used_exactly_that_file,
    ),
    Case(
        "cli-db-name-with-query-and-fragment",
        "cli",
        portfolio_named("p.sqlite?cache=shared&immutable=1#top"),
        KEPT,
        check=used_exactly_that_file,
    ),
    # Importers, through `portfolio import` and through the import service the dialog uses
    Case(
        "cli-import-xxe-svg",
        "import",
        import_cli(io_fixture("xxe.svg")),
        words="xxe.svg: the SVG declares XML entities",
    ),
    Case(
        "cli-import-billion-laughs",
        "import",
        import_cli(io_fixture("billion_laughs.svg")),
        words="billion_laughs.svg: the SVG declares XML entities",
    ),
    Case(
        "cli-import-truncated-png",
        "import",
        import_cli(io_fixture("truncated.png")),
        words="truncated.png: the PNG is truncated",
    ),
    Case(
        "cli-import-bad-crc-png",
        "import",
        import_cli(io_fixture("bad_crc.png")),
        words="bad_crc.png: the PNG is damaged",
    ),
    Case(
        "cli-import-duplicate-itxt",
        "import",
        import_cli(io_fixture("duplicate_itxt.png")),
        words="duplicate_itxt.png: the PNG holds two",
    ),
    Case(
        "cli-import-invalid-utf8-itxt",
        "import",
        import_cli(io_fixture("invalid_utf8.png")),
        words="invalid_utf8.png: the badge text chunk is not valid UTF-8",
    ),
    Case(
        "cli-import-50-mb-json",
        "import",
        import_cli(json_50_mb),
        words="huge.json: the file is 50.0 MB",
    ),
    Case(
        "cli-import-deep-json",
        "import",
        import_cli(io_fixture("deep.json")),
        words="deep.json: the JSON is nested more than 64",
    ),
    Case(
        "cli-import-nan-json",
        "import",
        import_cli(io_fixture("nan.json")),
        words="nan.json: the JSON holds NaN",
    ),
    Case(
        "cli-import-lone-surrogate-json",
        "import",
        import_cli(io_fixture("surrogate.json")),
        words="surrogate.json: the text holds a lone surrogate",
    ),
    Case(
        "cli-import-zip-traversal",
        "import",
        import_cli(io_fixture("traversal.zip")),
        words="traversal.zip: holds a file with an unsafe path",
    ),
    Case(
        "cli-import-zip-bomb",
        "import",
        import_cli(io_fixture("zip_bomb.zip")),
        words="zip_bomb.zip: Positions.csv is compressed suspiciously",
    ),
    Case(
        "cli-import-good-then-truncated",
        "import",
        import_cli(io_fixture("ob2_baked.png"), io_fixture("truncated.png")),
        words="truncated.png",
    ),
    Case(
        "cli-import-zero-byte", "import", import_cli(written("empty.json", b"")), words="empty.json"
    ),
    Case(
        "cli-import-missing-file",
        "import",
        import_cli(lambda w: w.folder / "inputs" / "nowhere.json"),
        words="nowhere.json",
    ),
    Case(
        "cli-import-cp1252-json",
        "import",
        import_cli(written("latin.json", '{"basics": {"name": "Zoë"}}'.encode("cp1252"))),
        words="latin.json: is not UTF-8",
    ),
    Case(
        "cli-import-infinity-json",
        "import",
        import_cli(written("inf.json", '{"basics": {"name": "I"}, "x": -Infinity}')),
        words="inf.json",
    ),
    Case(
        "service-import-nan-json",
        "import",
        import_service(io_fixture("nan.json")),
        words="nan.json: the JSON holds NaN",
    ),
    Case(
        "service-import-bad-crc-png",
        "import",
        import_service(io_fixture("bad_crc.png")),
        words="bad_crc.png",
    ),
    Case(
        "service-import-zip-traversal",
        "import",
        import_service(io_fixture("traversal.zip")),
        words="traversal.zip",
    ),
    Case(
        "service-import-50-mb-json",
        "import",
        import_service(json_50_mb),
        words="huge.json: the file is 50.0 MB",
    ),
    Case(
        "service-import-billion-laughs",
        "import",
        import_service(io_fixture("billion_laughs.svg")),
        words="billion_laughs.svg",
    ),
    Case(
        "cli-import-bomb-header-png",
        "import",
        import_cli(io_fixture("bomb_header.png")),
        KEPT,
        check=imported_ok("Data Visualisation Fundamentals"),
    ),
    Case(
        "cli-import-cp1252-csv",
        "import",
        import_cli(io_fixture("credentials_cp1252.csv")),
        KEPT,
        check=imported_ok("Gestion de projet – niveau 1", note="read as Windows-1252"),
    ),
    Case(
        "cli-import-bom-csv-formulas",
        "import",
        import_cli(io_fixture("credentials_bom.csv")),
        KEPT,
        check=imported_ok("Google Data Analytics", '=HYPERLINK("http://evil")'),
    ),
    Case(
        "cli-import-resume-javascript-and-markup",
        "import",
        import_cli(written("hostile.resume.json", HOSTILE_RESUME), learner=None),
        KEPT,
        check=resume_kept_as_text,
    ),
    Case(
        "cli-import-ob3-expiry-before-issue",
        "import",
        import_cli(written("backwards.json", ob3_with(validFrom="2024-05-01T00:00:00Z"))),
        KEPT,
        check=expiry_before_issue_flagged,
    ),
    # Exports: the CV PDF, CSV, JSON Resume and portfolio file
    Case(
        "cli-export-cv-markup-and-huge-fields",
        "export",
        export_cli("pdf", out_path("cv.pdf")),
        KEPT,
        check=pdf_kept,
        setup=hostile_learner,
    ),
    Case(
        "cli-export-csv-formula-cells",
        "export",
        export_cli("csv", out_path("creds.csv")),
        KEPT,
        check=csv_neutralised,
        setup=hostile_learner,
    ),
    Case(
        "cli-export-jsonresume-hostile-text",
        "export",
        export_cli("jsonresume", out_path("resume.json")),
        KEPT,
        check=resume_round_trips,
        setup=hostile_learner,
    ),
    Case(
        "cli-export-cv-arabic",
        "export",
        export_cli("pdf", out_path("layla.pdf"), "Layla Haddad"),
        words="cannot shape",
        setup=arabic_learner,
    ),
    Case(
        "cli-export-csv-missing-folder",
        "export",
        export_cli("csv", out_path("c.csv", "gone", exists=False)),
        words="does not exist",
        setup=hostile_learner,
    ),
    Case(
        "cli-export-cv-missing-folder",
        "export",
        export_cli("pdf", out_path("cv.pdf", "gone", exists=False)),
        words="does not exist",
        setup=hostile_learner,
    ),
    Case(
        "cli-export-csv-disk-full",
        "export",
        disk_full(export_cli("csv", out_path("creds.csv"))),
        words="creds.csv: the disk is full",
        setup=hostile_learner_and_old_export("creds.csv"),
    ),
    Case(
        "cli-export-cv-disk-full",
        "export",
        disk_full(export_cli("pdf", out_path("cv.pdf"))),
        words="cv.pdf: the disk is full",
        setup=hostile_learner_and_old_export("cv.pdf"),
    ),
    Case(
        "cli-export-portfolio-disk-full",
        "export",
        disk_full(export_cli("portfolio", out_path("p.lpportfolio"))),
        words="the disk is full",
        setup=hostile_learner_and_old_export("p.lpportfolio"),
    ),
    Case(
        "cli-export-unknown-learner",
        "export",
        export_cli("csv", out_path("c.csv"), "Nobody At All"),
        words="Nobody At All",
    ),
    # Group 1 of the hostile-input probe: values of the wrong type or size, refused with the
    # file, table, row and field named (the portable file is checked column by column).
    Case(
        "cli-import-portfolio-title-null",
        "import",
        import_cli(portfolio_file_with(lambda t: with_credential(t, title=None)), learner=None),
        words="edited.lpportfolio: table “credential”, row 1: “title” is missing",
        setup=credential_titled_in_portfolio,
    ),
    Case(
        "cli-import-portfolio-title-object",
        "import",
        import_cli(
            portfolio_file_with(lambda t: with_credential(t, title={"en": "BA"})), learner=None
        ),
        words="“title” is not text",
        setup=credential_titled_in_portfolio,
    ),
    Case(
        "cli-import-portfolio-credits-lots",
        "import",
        import_cli(
            portfolio_file_with(lambda t: with_credential(t, credit_value="lots")), learner=None
        ),
        words="“credit_value” is not a number",
        setup=credential_titled_in_portfolio,
    ),
    Case(
        "cli-import-portfolio-position-1e20",
        "import",
        import_cli(
            portfolio_file_with(lambda t: with_credential(t, position=10**20)), learner=None
        ),
        words="“position” is out of range",
        setup=credential_titled_in_portfolio,
    ),
    Case(
        "cli-import-portfolio-website-unclosed-ipv6",
        "import",
        import_cli(
            portfolio_file_with(
                lambda t: t.__setitem__("learner", [{**t["learner"][0], "website": "http://[::1"}])
            ),
            learner=None,
        ),
        words="table “learner”, row 1: “website” is not a valid web address",
    ),
    Case(
        "import-service-portfolio-skill-uri-list",
        "import",
        import_service(
            portfolio_file_with(
                lambda t: t.__setitem__(
                    "skill", [{"id": 1, "label": "Listed", "uri": ["a"], "source": "custom"}]
                )
            )
        ),
        words="table “skill”, row 1: “uri” is not text",
    ),
    Case(
        "cli-import-ob3-credits-400-digits",
        "import",
        import_cli(ob3_achievement_with(creditsAvailable=int("9" * 400))),
        expect=KEPT,
        check=imported_ok("Cloud Foundations"),
    ),
    Case(
        "cli-import-ob3-criteria-url-unclosed-ipv6",
        "import",
        import_cli(ob3_achievement_with(id="http://[::1", criteria={"id": "http://[::1"})),
        expect=KEPT,
        check=imported_ok("Cloud Foundations"),
    ),
    Case(
        "cli-backup-read-only-file-system",
        "cli",
        read_only_file_system(lambda w: w.cli("--db", str(w.db.path), "backup")),
        words="the file system is read-only",
        setup=credential_titled_in_portfolio,
    ),
    Case(
        "cli-import-read-only-file-system",
        "import",
        read_only_file_system(import_cli(io_fixture("ob3_credential.json"))),
        words="the file system is read-only. Nothing was changed.",
        setup=credential_titled_in_portfolio,
    ),
    # Group 2 of the hostile-input probe: what hung or ran away. Anything that is not a regular
    # file is refused before it is opened (fileio.open_regular); sizes and counts have limits
    # named in the message (importers/limits.py, services/validation.py); the CV export cuts
    # what an older version stored.
    Case(
        "cli-import-fifo",
        "import",
        import_cli(a_fifo("badge.png")),
        words="badge.png: is a named pipe (FIFO), not a file",
        timeout=HANG,
    ),
    Case(
        "cli-import-key-fifo",
        "import",
        import_with_key(a_fifo("issuer.pem")),
        words="issuer.pem: is a named pipe (FIFO), not a file",
        timeout=HANG,
    ),
    Case(
        "cli-import-dev-zero",
        "import",
        import_cli(device("/dev/zero")),
        words="zero: is a device, not a file",
        timeout=HANG,
    ),
    Case(
        "cli-esco-fifo",
        "cli",
        esco_cli(a_fifo("skills_en.csv")),
        words="is a named pipe (FIFO), not a file",
        setup=taxonomy_loaded,
        timeout=HANG,
    ),
    Case(
        "cli-esco-dev-zero",
        "cli",
        esco_cli(device("/dev/zero")),
        words="/dev/zero is a device, not a file",
        setup=taxonomy_loaded,
        timeout=HANG,
    ),
    Case(
        "cli-fifo-as-db",
        "cli",
        cli_on(a_fifo("portfolio.sqlite"), "learners"),
        words="is a named pipe (FIFO), not a portfolio file",
        timeout=HANG,
    ),
    Case(
        "open-dev-null",
        "opener",
        opener(device("/dev/null")),
        words="/dev/null is a device, not a portfolio file",
        timeout=HANG,
    ),
    Case(
        "restore-fifo",
        "file",
        restore_from(a_fifo("backup.sqlite")),
        words="is a named pipe (FIFO), not a portfolio file",
        timeout=HANG,
    ),
    Case(
        "cli-esco-million-rows",
        "cli",
        esco_cli(esco_rows(1_000_000)),
        words="skills_en.csv, line 50002: the file has more than 50,000 rows; the limit is 50,000",
        setup=taxonomy_loaded,
        timeout=HANG,
    ),
    Case(
        "cli-esco-200-mb",
        "cli",
        esco_cli(sparse_file("skills_en.csv", 200 * 1024 * 1024)),
        words="skills_en.csv: the file is 200.0 MB; the limit is 100.0 MB",
        setup=taxonomy_loaded,
        timeout=HANG,
    ),
    Case(
        "cli-import-csv-million-rows",
        "import",
        import_cli(credentials_csv("title,kind", MILLION_ROWS)),
        words="credentials.csv: has more than 10,000 rows; the limit is 10,000",
        timeout=HANG,
    ),
    Case(
        "cli-import-credential-50k-skills",
        "import",
        import_cli(credentials_csv("title,skills", f"Everything,{FIFTY_THOUSAND_SKILLS}")),
        words="credential “Everything”: Too many skills (50,000; the limit is 200)",
        timeout=HANG,
    ),
    Case(
        "cli-import-200k-character-url",
        "import",
        import_cli(credentials_csv("title,verification_url", f"Long,{LONG_URL}")),
        words="Verification URL is too long (200,020 characters; the limit is 2,000)",
        timeout=HANG,
    ),
    Case(
        "cli-import-png-thousands-of-text-chunks",
        "import",
        import_cli(png_with_text_chunks(2_000)),
        KEPT,
        check=imported_ok("Data Visualisation Fundamentals"),
        timeout=HANG,
    ),
    Case(
        "cli-export-cv-absurd-stored-values",
        "export",
        export_cli("pdf", out_path("absurd.pdf"), "Absurd Stored"),
        KEPT,
        check=sane_cv,
        setup=absurd_values_stored,
        timeout=HANG,
    ),
]


def _flagged(w: World, cred_id: int, message: str) -> None:
    with w.db.read_session() as session:
        assert message in get_credential(session, cred_id).flags


# -- groups 7 and 8 of the hostile-input probe (issue #18) -----------------------------------
# Group 7: every record an import reads is accounted for, and what the app accepted survives its
# own export and import. Group 8: trust in signatures, text reaching the terminal, and files.

UNCLOSED_CSV = (
    "title,issuer,credits\n"
    '"AWS Cloud Practitioner,Amazon,3\n'  # opened on line 2, never closed
    "Google Data Analytics,Google,4\n"
    "PMP,PMI,5\n"
)
TERMINAL_NAME = "Zoë\x1b]0;owned\x07\x1b[2J\x7f\u202eKolb"


def zipped(name: str, members: dict[str, str]) -> Callable[[World], Path]:
    def make(w: World) -> Path:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for member, text_ in members.items():
                archive.writestr(member, text_)
        return file_of(buffer.getvalue(), name)(w)

    return make


def signed_jws(header: dict[str, Any], issuer_name: str) -> Callable[[World], Path]:
    """A JWS signed with a fresh key carried in its own header, naming `issuer_name`."""

    def make(w: World) -> Path:
        import base64

        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        def b64(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        key = Ed25519PrivateKey.generate()
        raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        head = {"alg": "EdDSA", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": b64(raw)}, **header}
        payload = {
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "https://www.ox.ac.uk/issuer", "name": issuer_name},
            "validFrom": "2024-01-10T00:00:00Z",
            "credentialSubject": {"achievement": {"name": "DPhil in Physics"}},
        }
        signing = f"{b64(json.dumps(head).encode())}.{b64(json.dumps(payload).encode())}"
        token = f"{signing}.{b64(key.sign(signing.encode()))}"
        return file_of(token.encode(), "oxford.jwt")(w)

    return make


def signer_not_verified(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    assert "unaltered since signing, signer not verified" in result.out
    assert "signature valid" not in result.out
    with w.db.read_session() as session:
        (row,) = [
            c for c in list_credentials(session, w.learner_id) if c.title == "DPhil in Physics"
        ]
        record = get_credential(session, row.id)
    assert record.verification_status.value == "structure_valid"
    assert "University of Oxford" in record.verification_note


def terminal_learner(w: World) -> None:
    with w.db.session() as session:
        create_learner(session, LearnerInput(name=TERMINAL_NAME, headline="\x1b[31mred\u2066"))


def printed_safely(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    assert not [ch for ch in ("\x1b", "\x07", "\x7f", "\u202e", "\u2066") if ch in result.out]
    assert "Zoë\\x1b]0;owned\\x07\\x1b[2J\\x7f\\u202eKolb" in result.out


def fifo_at(name: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        hostile_learner(w)
        os.mkfifo(out_path(name)(w))

    return setup


def dev_null_link_at(name: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        hostile_learner(w)
        out_path(name)(w).symlink_to("/dev/null")

    return setup


def bom_learner(w: World) -> None:
    with w.db.session() as session:
        create_learner(session, LearnerInput(name="\ufeffZoë Kolb", headline="Data\u200b analyst"))


def cv_written(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    path = w.folder / "out" / "zoe.pdf"
    assert "Zoë Kolb" in PdfReader(path).pages[0].extract_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # private, as the README says


def leftover_copies(w: World) -> None:
    """What a backup and a restore killed half-way leave: full hidden copies of the portfolio."""
    copy = w.db.path.read_bytes()
    backups = w.folder / "inputs" / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    stem = w.db.path.stem
    (backups / f".{stem}-20240101-120000-manual.sqlite.abcd_123.partial").write_bytes(copy)
    (w.db.path.parent / f".{w.db.path.name}.restoring").write_bytes(copy)
    (w.db.path.parent / ".cv.pdf.abcd_123.partial").write_bytes(b"someone else's")


def leftovers_gone(w: World, _result: Any) -> None:
    backups = w.folder / "inputs" / "backups"
    assert not [p for p in backups.iterdir() if p.name.endswith(".partial")]
    assert not (w.db.path.parent / f".{w.db.path.name}.restoring").exists()
    assert (w.db.path.parent / ".cv.pdf.abcd_123.partial").exists()  # not one of ours


def reopen_portfolio(w: World) -> Any:
    open_database(w.db.path, backup_dir=w.folder / "inputs" / "backups").dispose()


def portfolio_round_trips(w: World, result: Any) -> None:
    assert result.code == 0, result.err
    path = w.folder / "out" / "hostile.lpportfolio"
    with w.db.session() as session:
        summary = apply_import(session, plan_import(session, read_paths([path]), "Round Trip"))
    with w.db.read_session() as session:
        (row,) = list_credentials(session, summary.learner_id)
        back = get_credential(session, row.id)
        (first,) = list_credentials(session, w.scratch["hostile"])
        stored = get_credential(session, first.id)
    assert (back.title, back.issuer, back.credential_id) == FORMULAS[:3]
    assert back.description == HUGE
    fields = ("title", "issuer", "credential_id", "description", "tags", "end_date", "kind")
    assert [getattr(back, f) for f in fields] == [getattr(stored, f) for f in fields]


CASES += [
    # Group 7: silent partial imports and broken round trips.
    Case(
        "cli-import-csv-quote-never-closed",
        "import",
        import_cli(written("creds.csv", UNCLOSED_CSV)),
        words='creds.csv: has a quote (") opened on line 2 that is never closed',
    ),
    Case(
        "import-service-linkedin-quote-never-closed",
        "import",
        import_service(
            zipped("linkedin.zip", {"Certifications.csv": 'Name,Authority\nAWS,"Amazon\nPMP,PMI\n'})
        ),
        words="opened on line 2 that is never closed",
    ),
    Case(
        "cli-import-csv-rows-without-title-are-counted",
        "import",
        import_cli(
            written("creds.csv", "title,issuer\nFirst Aid,Red Cross\n,Nobody\n,Nobody Else\n")
        ),
        KEPT,
        check=imported_ok(
            "First Aid",
            note="creds.csv: read 3 rows: 1 to import, 2 skipped (row 3 has no title; row 4",
        ),
    ),
    Case(
        "cli-import-csv-infinite-credits",
        "import",
        import_cli(written("creds.csv", "title,credits\nBA,1e999\n")),
        words="creds.csv row 2: credits must be a number",
    ),
    Case(
        "cli-import-jsonresume-infinite-credits",
        "import",
        import_cli(
            written(
                "resume.json",
                '{"basics": {"name": "Corpus Learner"}, '
                '"certificates": [{"name": "BA", "credits": 1e999}]}',
            )
        ),
        words="Credits must be a number (infinity and NaN cannot be stored)",
    ),
    Case(
        "credential-recognised-credits-infinite",
        "form",
        credential(recognitions=(RecognitionInput("SFU", credit_value=math.inf),)),
        words="Recognised credits must be a number",
    ),
    Case(
        "cli-export-portfolio-hostile-round-trip",
        "export",
        export_cli("portfolio", out_path("hostile.lpportfolio")),
        KEPT,
        check=portfolio_round_trips,
        setup=hostile_learner,
    ),
    # Group 8: trust, the terminal and the filesystem.
    Case(
        "cli-import-jws-self-signed-university",
        "import",
        import_cli(signed_jws({}, "University of Oxford")),
        KEPT,
        check=signer_not_verified,
    ),
    Case(
        "cli-import-jws-unknown-crit-header",
        "import",
        import_cli(signed_jws({"crit": ["urn:example:policy"], "urn:example:policy": 1}, "MIT")),
        words="marks “urn:example:policy” as critical",
    ),
    Case(
        "cli-learners-escape-sequences-in-name",
        "cli",
        lambda w: w.cli("--db", str(w.db.path), "learners"),
        KEPT,
        check=printed_safely,
        setup=terminal_learner,
    ),
    Case(
        "cli-error-escape-sequences-in-argument",
        "cli",
        export_cli("csv", out_path("c.csv"), "Nobody\x1b]0;owned\x07\x1b[2J"),
        words="Nobody\\x1b]0;owned\\x07\\x1b[2J",
    ),
    Case(
        "cli-export-cv-onto-a-fifo",
        "export",
        export_cli("pdf", out_path("cv.pdf")),
        words="exists and is not a regular file",
        setup=fifo_at("cv.pdf"),
    ),
    Case(
        "cli-export-csv-onto-a-link-to-dev-null",
        "export",
        export_cli("csv", out_path("creds.csv")),
        words="exists and is not a regular file",
        setup=dev_null_link_at("creds.csv"),
    ),
    Case(
        "cli-export-cv-pasted-bom-is-not-arabic",
        "export",
        export_cli("pdf", out_path("zoe.pdf"), "\ufeffZoë Kolb"),
        KEPT,
        check=cv_written,
        setup=bom_learner,
    ),
    Case(
        "cli-import-csv-title-column-only",
        "import",
        import_cli(written("titles.csv", "title\nFirst Aid\nSQL Basics\n")),
        KEPT,
        check=imported_ok("First Aid", "SQL Basics", note="read 2 rows: 2 to import"),
    ),
    Case(
        "cli-import-ob3-unreadable-valid-until",
        "import",
        import_cli(written("badge.json", ob3_with(validUntil="next spring"))),
        KEPT,
        check=imported_ok(
            "Cloud Foundations", note="its expiry date “next spring” could not be read"
        ),
    ),
    Case(
        "opener-removes-copies-a-killed-backup-left",
        "opener",
        reopen_portfolio,
        KEPT,
        check=leftovers_gone,
        setup=leftover_copies,
    ),
]


# -- groups 5 and 6 of the hostile-input probe -------------------------------------------------
# Group 5: a save the operating system refuses half-way. A file-size limit (RLIMIT_FSIZE, as a
# quota or a nearly full disk) makes SQLite's own writes fail mid-transaction, in this process;
# the promise then also means no journal is left beside the portfolio (a stray file) and the
# file is byte-identical. tests/safety/test_faults.py does the same on a real full tmpfs.


def size_limited(run: Callable[[World], Any], room: int = 150_000) -> Callable[[World], Any]:
    """`run` while no file may grow past the portfolio's size plus `room` bytes."""
    import resource
    import signal

    def wrapped(w: World) -> Any:
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (w.db.path.stat().st_size + room, hard))
        try:
            return run(w)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, previous)

    return wrapped


def made_once(make: Callable[[World], Path]) -> Callable[[World], Path]:
    """`make`, run once per case: its input is written in `setup`, before the size limit."""

    def once(w: World) -> Path:
        key = f"input:{id(make)}"
        if key not in w.scratch:
            w.scratch[key] = make(w)
        return Path(w.scratch[key])

    return once


@made_once
def many_rows_csv(w: World) -> Path:
    rows = "".join(f"Course {i},Issuer {i},{'x' * 300}\n" for i in range(2_000))
    return file_of(("title,issuer,description\n" + rows).encode(), "many.csv")(w)


@made_once
def many_certificates_resume(w: World) -> Path:
    certificates = [
        {"name": f"Certificate {i}", "issuer": f"Issuer {i}", "date": "2021-03-01"}
        for i in range(2_000)
    ]
    doc = {"basics": {"name": "Corpus Learner"}, "certificates": certificates}
    return file_of(json.dumps(doc).encode(), "many.resume.json")(w)


many_skills_esco = made_once(esco_rows(20_000))


def then(*steps: Callable[[World], object]) -> Callable[[World], None]:
    def setup(w: World) -> None:
        for step in steps:
            step(w)

    return setup


def scripted_gui(make: Callable[[World], Path], flag: str) -> Callable[[World], Any]:
    """`portfolio --db FILE gui FLAG` in its own process (offscreen): a scripted start must exit
    1 with the refusal on stderr, never wait on a dialog nobody can see."""
    import subprocess
    import sys

    from tests.conftest import CliResult

    def run(w: World) -> Any:
        path = make(w)
        done = subprocess.run(
            [sys.executable, "-m", "portfolio", "--db", str(path), "gui", flag],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    return run


def newer_portfolio(w: World) -> Path:
    path = w.folder / "inputs" / "newer.sqlite"
    path.parent.mkdir(exist_ok=True)
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    return path


def open_in_another_window(w: World) -> None:
    """The portfolio held by a window of this process (its single-instance lock)."""
    from portfolio.db.lock import InstanceLock

    w.scratch["lock"] = InstanceLock(w.db.path).acquire()  # released by the `world` fixture


CASES += [
    Case(
        "cli-import-csv-past-a-size-limit",
        "import",
        size_limited(import_cli(many_rows_csv)),
        words="could not be written: the disk reported an input/output error",
        setup=then(credential_titled_in_portfolio, many_rows_csv),
    ),
    Case(
        "cli-import-resume-past-a-size-limit",
        "import",
        size_limited(import_cli(many_certificates_resume)),
        words="Nothing was saved",
        setup=then(credential_titled_in_portfolio, many_certificates_resume),
    ),
    Case(
        "cli-esco-past-a-size-limit",
        "cli",
        size_limited(esco_cli(many_skills_esco)),
        words="Nothing was saved",
        setup=then(taxonomy_loaded, many_skills_esco),
    ),
    Case(
        "form-credential-past-a-size-limit",
        "form",
        size_limited(credential(description="y" * 400_000)),
        words="Nothing was saved",
    ),
    Case(
        "form-experience-past-a-size-limit",
        "form",
        size_limited(experience(description="z" * 400_000)),
        words="Nothing was saved",
    ),
    # Group 6: the window's scripted start on a file it refuses exits 1, saying why.
    Case(
        "gui-settled-on-a-foreign-file",
        "opener",
        scripted_gui(foreign_sqlite, "--exit-when-settled"),
        words="belongs to another application",
        timeout=90,
    ),
    Case(
        "gui-ready-on-a-foreign-file",
        "opener",
        scripted_gui(foreign_sqlite, "--exit-when-ready"),
        words="belongs to another application",
        timeout=90,
    ),
    Case(
        "gui-settled-on-a-newer-file",
        "opener",
        scripted_gui(newer_portfolio, "--exit-when-settled"),
        words="newer version of Learner Portfolio",
        timeout=90,
    ),
    Case(
        "gui-settled-on-a-fifo",
        "opener",
        scripted_gui(a_fifo("portfolio.sqlite"), "--exit-when-settled"),
        words="named pipe",
        timeout=90,
    ),
    Case(
        "gui-settled-on-an-empty-file",
        "opener",
        scripted_gui(file_of(b"", "empty.sqlite"), "--exit-when-settled"),
        words="empty file",
        timeout=90,
    ),
    Case(
        "gui-settled-on-a-file-open-in-another-window",
        "opener",
        scripted_gui(lambda w: w.db.path, "--exit-when-settled"),
        words="already open in another Learner Portfolio window",
        setup=open_in_another_window,
        timeout=90,
    ),
]


# -- the shared promise ----------------------------------------------------------------------


def row_counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in Base.metadata.tables
        }


def file_digests(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix not in (".log", ".lock") and "logs" not in path.parts:
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def is_sentence(message: str) -> bool:
    words = message.split()
    return (
        len(words) >= 3
        and "\n" not in message.strip()
        and len(message) <= 600  # a 100,000-character field is never echoed back
        and "Traceback" not in message
        and "Errno" not in message
    )


def cli_message(result: Any) -> str:
    """The message of a refused command (the `cli` fixture's result)."""
    assert result.code == 1, (result.out, result.err)
    assert "Traceback" not in result.err
    # Errors go to stderr as "error: ..."; `check` reports "problem: ..." lines on stdout.
    if result.err:
        assert result.err.startswith("error: "), result.err
        assert result.err.count("\n") == 1, result.err  # one line
        return result.err.removeprefix("error: ").strip()
    assert result.out.startswith("problem: ")
    return result.out.removeprefix("problem: ").strip()


def assert_promise(case: Case, w: World) -> None:
    if case.setup is not None:
        case.setup(w)
    counts = row_counts(w.db)
    files = file_digests(w.folder)
    if case.expect == KEPT:
        result = case.run(w)
        assert case.check is not None
        case.check(w, result)
    else:
        # A service refuses with UserError; a command exits 1 with one "error: ..." line.
        try:
            result = case.run(w)
        except UserError as exc:
            assert case.layer not in ("cli",), "a command must turn errors into exit codes"
            message = str(exc)
        else:
            assert hasattr(result, "err"), f"{case.id} was not refused"
            message = cli_message(result)
        assert is_sentence(message), message
        assert case.words in message, message
    if case.expect == REFUSED:
        assert row_counts(w.db) == counts, "a refused input changed the database"
        # Inputs the case itself created may appear; nothing that existed before may change.
        after = file_digests(w.folder)
        assert {p: d for p, d in after.items() if p in files} == files
        assert not [p for p in after if p.endswith(".partial") or "restoring" in p]
        # Nothing new either, but the inputs the case made and snapshots in a backup folder:
        # no half-written export, no stray file beside the target.
        stray = [
            p
            for p in after
            if p not in files
            and "inputs" not in Path(p).relative_to(w.folder).parts
            and not Path(p).parent.name.endswith("backups")
        ]
        assert not stray, stray
    # The app is still usable: a normal save succeeds.
    with w.db.session() as session:
        create_learner(session, LearnerInput(name="Normal Save After " + case.id))
    assert row_counts(w.db)["learner"] >= counts["learner"] + 1


@pytest.fixture
def world(db: Database, cli, tmp_path: Path) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        mine = create_learner(session, LearnerInput(name="Corpus Learner"))
        other = create_learner(session, LearnerInput(name="Someone Else"))
        theirs = create_credential(
            session, other, CredentialInput(title="Their BA", kind=CredentialKind.DEGREE)
        )
    world = World(db, tmp_path, mine, cli, theirs)
    yield world
    for held in world.scratch.values():
        if isinstance(held, sqlite3.Connection):
            held.close()
        elif hasattr(held, "release"):  # an InstanceLock
            held.release()


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.layer for case in CASES} == {"form", "cli", "opener", "file", "import", "export"}
    assert sum(case.layer == "import" for case in CASES) >= 15
    assert sum(case.layer == "export" for case in CASES) >= 5


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case, id=case.id, marks=[pytest.mark.timeout(case.timeout)] if case.timeout else []
        )
        for case in CASES
    ],
)
def test_bad_input_gets_a_clear_message_and_loses_nothing(case: Case, world: World) -> None:
    assert_promise(case, world)
