"""One entry point: files and folders in, import bundles out, the format found by content.

PNG and SVG badges are recognised by their bytes, JSON by what it holds (Open Badges, JSON
Resume, a portfolio file), a compact JWS by its shape, ZIPs and folders by LinkedIn's file names,
and CSV by its header. The file extension is never trusted. Nothing here touches the network or
the database; every problem is an ImportFailed naming the file.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from portfolio.importers import csv_import, jsonresume, linkedin, openbadges, portfolio_file
from portfolio.importers.errors import ImportFailed
from portfolio.importers.jws import load_key_file
from portfolio.importers.limits import decode_utf8, parse_json, read_limited
from portfolio.importers.model import Attachment, ImportBundle
from portfolio.importers.png import SIGNATURE as PNG_SIGNATURE
from portfolio.importers.png import read_baked_png
from portfolio.importers.svg import read_baked_svg

JWS = re.compile(rb"^\s*[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\s*$")
MAX_FOLDER_FILES = 500

FORMAT_NAMES = {
    "openbadges": "Open Badges",
    "jsonresume": "JSON Resume",
    "linkedin": "LinkedIn export",
    "csv": "credentials CSV",
    "portfolio": "portfolio file",
}


def sniff(data: bytes) -> str:
    """The format of `data` by its content: png, svg, zip, json, jws, csv or unknown."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"<") and (b"<svg" in data[:65536] or b":svg" in data[:65536]):
        return "svg"
    if JWS.match(data[:5_000_000]):
        return "jws"
    if head.startswith(b"<"):
        return "xml"
    return "csv" if b"," in head or b"\n" in head else "unknown"


def _media_type(path: Path, kind: str) -> str:
    return (
        {
            "png": "image/png",
            "svg": "image/svg+xml",
            "json": "application/json",
            "jws": "application/jwt",
        }.get(kind)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def _classify_json(doc: Any) -> str:
    if portfolio_file.looks_like(doc):
        return "portfolio"
    if jsonresume.looks_like(doc):
        return "jsonresume"
    if isinstance(doc, Mapping) and (
        openbadges.is_ob3(doc)
        or openbadges.is_ob2_assertion(doc)
        or openbadges.is_hosted_stub(doc)
        or "vc" in doc
    ):
        return "badge"
    if isinstance(doc, Mapping) and openbadges.is_linked_document(doc):
        return "linked"
    return "unknown"


class Reader:
    """Reads a set of paths for one import run (shared linked documents and keys)."""

    def __init__(self, key_files: Sequence[Path] = ()) -> None:
        self.ctx = openbadges.Context()
        for key in key_files:
            self.ctx.keys.append(load_key_file(key.name, read_limited(key)))
        self.notes: list[str] = []

    def read(self, paths: Iterable[Path]) -> list[ImportBundle]:
        """Bundles for every path; linked OB 2.0 documents are resolved across the set."""
        files: list[tuple[Path, bool]] = []  # (path, inside a folder: unknown files are skipped)
        bundles: list[ImportBundle] = []
        for path in paths:
            path = Path(path)
            if path.is_dir():
                names = [p.name for p in path.iterdir()]
                if linkedin.has_linkedin_files(names):
                    bundles.append(linkedin.parse_export(path.name, linkedin.read_folder(path)))
                    continue
                children = sorted(
                    p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                )
                if len(children) > MAX_FOLDER_FILES:
                    raise ImportFailed(path.name, f"holds more than {MAX_FOLDER_FILES} files")
                files.extend((child, True) for child in children)
            elif path.exists():
                files.append((path, False))
            else:
                raise ImportFailed(path.name or str(path), "does not exist")
        # First pass: read and classify, collecting linked documents (issuers, badge classes).
        loaded: list[tuple[Path, bool, str, bytes, Any]] = []
        for path, in_folder in files:
            data = read_limited(path)
            kind = sniff(data)
            doc: Any = None
            if kind == "json":
                doc = parse_json(path.name, data)
                kind = _classify_json(doc)
                if kind == "linked":
                    identifier = doc.get("id")
                    if isinstance(identifier, str):
                        self.ctx.linked[identifier] = doc
            loaded.append((path, in_folder, kind, data, doc))
        for path, in_folder, kind, data, doc in loaded:
            bundle = self._bundle(path, in_folder, kind, data, doc)
            if bundle is not None:
                bundles.append(bundle)
        if not bundles:
            raise ImportFailed(
                ", ".join(p.name for p, _ in files)[:200] or "(nothing)",
                "holds nothing to import" + (f" ({'; '.join(self.notes)})" if self.notes else ""),
            )
        if self.notes:
            first = bundles[0]
            bundles[0] = ImportBundle(**{**first.__dict__, "notes": (*self.notes, *first.notes)})
        return bundles

    def _bundle(
        self, path: Path, in_folder: bool, kind: str, data: bytes, doc: Any
    ) -> ImportBundle | None:
        name = path.name
        attachment = Attachment(name, _media_type(path, kind), data)
        if kind == "png":
            baked = read_baked_png(name, data)
            return self._badge(name, baked.text, attachment)
        if kind == "svg":
            _keyword, payload = read_baked_svg(name, data)
            return self._badge(name, payload, attachment)
        if kind == "jws":
            return self._badge(name, decode_utf8(name, data).strip(), attachment)
        if kind == "badge":
            return self._badge(name, doc, attachment)
        if kind == "linked":
            self.notes.append(
                f"{name} is a linked Open Badges document (used to fill in links, not imported on its own)"
            )
            return None
        if kind == "jsonresume":
            return jsonresume.parse_resume(doc, name)
        if kind == "portfolio":
            return portfolio_file.parse_portfolio(doc, name)
        if kind == "zip":
            files = linkedin.read_zip(name, path)
            if not any(not k.startswith("\x00") for k in files):
                raise ImportFailed(
                    name,
                    "is a ZIP file but not a LinkedIn data export (no Certifications.csv, Positions.csv...)",
                )
            return linkedin.parse_export(name, files)
        if kind == "csv":
            notes: list[str] = []
            from portfolio.importers.tabular import decode_text

            text = decode_text(name, data, notes)
            if csv_import.looks_like(text):
                return csv_import.parse_csv(name, data)
            if name.casefold() in linkedin.KNOWN:
                return linkedin.parse_export(name, {name.casefold(): data})
            if not in_folder and "," in text.split("\n", 1)[0]:
                raise ImportFailed(
                    name,
                    "is a CSV file, but its first row is not the credentials header "
                    "(it needs a “title” column; see “Import and export” in the README)",
                )
        if in_folder:
            self.notes.append(f"skipped {name}: not a format I can import")
            return None
        what = {
            "unknown": "is JSON, but neither an Open Badge, a JSON Resume nor a portfolio file",
            "xml": "is XML but not an SVG badge",
        }.get(kind if doc is not None or kind == "xml" else "", "is not a format I can import")
        raise ImportFailed(
            name,
            f"{what} (expected a baked PNG/SVG badge, Open Badges JSON or JWS, a JSON Resume, "
            "a LinkedIn export, a credentials CSV or a .lpportfolio file)",
        )

    def _badge(self, name: str, payload: Any, attachment: Attachment) -> ImportBundle:
        credential, notes = openbadges.import_payload(payload, name, self.ctx, (attachment,))
        return ImportBundle(
            source=name,
            format="openbadges",
            credentials=(credential,),
            notes=tuple(f"{credential.data.title}: {n}" for n in notes),
        )


def read_paths(paths: Iterable[Path], key_files: Sequence[Path] = ()) -> list[ImportBundle]:
    """Read every file or folder in `paths` into import bundles (no database, no network)."""
    return Reader(key_files).read(paths)
