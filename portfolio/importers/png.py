"""Baked PNG badges: the payload lives in a text chunk; pixels are never decoded.

Open Badges 2.0 bakes an `iTXt` chunk with keyword `openbadges` (assertion JSON or a compact JWS);
Open Badges 3.0 uses keyword `openbadgecredential` (credential JSON or a VC-JWT); old 1.x bakers
wrote a `tEXt` chunk `openbadges` holding only the assertion's URL. Chunks are read with `struct`
and each CRC is checked with zlib, so a decompression-bomb image header costs nothing here.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from portfolio.importers.errors import ImportFailed

SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORDS = ("openbadges", "openbadgecredential")
MAX_TEXT = 5 * 1024 * 1024  # an inflated iTXt/zTXt payload larger than this is refused


@dataclass(frozen=True)
class BakedPayload:
    keyword: str  # "openbadges" or "openbadgecredential"
    text: str
    chunk: str  # "iTXt", "tEXt" or "zTXt"


def _inflate(source: str, data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_TEXT + 1)
    except zlib.error:
        raise ImportFailed(source, "the badge text chunk is compressed but damaged") from None
    if len(out) > MAX_TEXT or inflater.unconsumed_tail:
        raise ImportFailed(source, "the badge text chunk inflates to more than 5 MB; refused")
    return out


def _utf8(source: str, data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFailed(source, f"the {what} is not valid UTF-8") from None


def _parse_itxt(source: str, data: bytes) -> tuple[str, str]:
    try:
        keyword, rest = data.split(b"\x00", 1)
        flag, method = rest[0], rest[1]
        language, rest = rest[2:].split(b"\x00", 1)
        _translated, text = rest.split(b"\x00", 1)
    except (ValueError, IndexError):
        raise ImportFailed(source, "an iTXt chunk is malformed") from None
    del language
    if flag == 1:
        if method != 0:
            raise ImportFailed(source, "an iTXt chunk uses an unknown compression method")
        text = _inflate(source, text)
    elif flag != 0:
        raise ImportFailed(source, "an iTXt chunk has an invalid compression flag")
    return keyword.decode("latin-1"), _utf8(source, text, "badge text chunk")


def _parse_text(source: str, data: bytes, compressed: bool) -> tuple[str, str]:
    try:
        keyword, text = data.split(b"\x00", 1)
    except ValueError:
        raise ImportFailed(source, "a text chunk is malformed") from None
    if compressed:
        if not text or text[0] != 0:
            raise ImportFailed(source, "a zTXt chunk uses an unknown compression method")
        text = _inflate(source, text[1:])
    return keyword.decode("latin-1"), text.decode("latin-1")


def read_baked_png(source: str, data: bytes) -> BakedPayload:
    """The Open Badges payload baked into PNG `data`; ImportFailed says what is wrong."""
    if not data.startswith(SIGNATURE):
        raise ImportFailed(source, "is not a PNG image")
    pos = len(SIGNATURE)
    found: dict[str, BakedPayload] = {}
    seen_iend = False
    first = True
    while pos < len(data):
        if pos + 8 > len(data):
            raise ImportFailed(source, "the PNG is truncated (a chunk header is cut off)")
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 8 + length + 4
        if length > 0x7FFFFFFF or end > len(data):
            raise ImportFailed(
                source, "the PNG is truncated (a chunk runs past the end of the file)"
            )
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            name = ctype.decode("latin-1", "replace")
            raise ImportFailed(source, f"the PNG is damaged (bad checksum in the {name} chunk)")
        if first and ctype != b"IHDR":
            raise ImportFailed(source, "the PNG is damaged (it does not start with IHDR)")
        first = False
        pos = end
        if ctype == b"IEND":
            seen_iend = True
            break
        if ctype in (b"iTXt", b"tEXt", b"zTXt"):
            # Only the badge's own chunk is decoded: thousands of other compressed text chunks
            # would otherwise each be inflated (up to MAX_TEXT apiece) for nothing.
            if body.split(b"\x00", 1)[0].decode("latin-1") not in KEYWORDS:
                continue
            if ctype == b"iTXt":
                keyword, text = _parse_itxt(source, body)
            else:
                keyword, text = _parse_text(source, body, compressed=ctype == b"zTXt")
            if keyword in KEYWORDS:
                if keyword in found:
                    raise ImportFailed(
                        source,
                        f"the PNG holds two “{keyword}” chunks; a baked badge must hold exactly one",
                    )
                found[keyword] = BakedPayload(keyword, text, ctype.decode("ascii"))
    if not seen_iend:
        raise ImportFailed(source, "the PNG is truncated (no IEND chunk)")
    if not found:
        raise ImportFailed(
            source, "is a PNG image without a baked badge (no “openbadges” text chunk)"
        )
    if len(found) > 1:
        raise ImportFailed(source, "the PNG holds both an OB 2.0 and an OB 3.0 badge; refused")
    return next(iter(found.values()))


def chunk(ctype: bytes, body: bytes) -> bytes:
    """One PNG chunk with its length and CRC (used to bake test fixtures)."""
    return (
        struct.pack(">I", len(body))
        + ctype
        + body
        + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)
    )


def bake_png(png: bytes, keyword: str, text: str) -> bytes:
    """`png` with an iTXt chunk `keyword` = `text` inserted after IHDR (fixtures, examples)."""
    ihdr_end = len(SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4
    itxt = chunk(b"iTXt", keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode())
    return png[:ihdr_end] + itxt + png[ihdr_end:]
