"""Hostile and broken input: one clear ImportFailed naming the file, never a crash or a socket."""

from __future__ import annotations

import contextlib
import json
import socket
import urllib.request
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.importers.limits import parse_json

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def message(path: Path) -> str:
    with pytest.raises(ImportFailed) as info:
        read_paths([path])
    assert str(info.value).startswith(path.name + ":")
    return str(info.value)


def test_a_50_mb_json_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as handle:
        handle.write(b'{"basics": {"name": "')
        handle.write(b"x" * (50 * 1024 * 1024))
        handle.write(b'"}}')
    assert "the file is 50.0 MB; the limit is 20.0 MB" in message(big)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("deep.json", "nested more than 64 levels"),
        ("nan.json", "NaN"),
        ("surrogate.json", "lone surrogate"),
    ],
)
def test_malicious_json_fixtures(name: str, words: str) -> None:
    assert words in message(IO / name)


def test_infinity_and_huge_fields_and_non_utf8_json(tmp_path: Path) -> None:
    path = tmp_path / "inf.json"
    path.write_text('{"basics": {"name": "A"}, "n": -Infinity}')
    assert "-Infinity" in message(path)
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"basics": {"name": "A", "summary": "y" * 1_000_001}}))
    assert "the limit is 1,000,000" in message(path)
    path = tmp_path / "latin1.json"
    path.write_bytes('{"basics": {"name": "Zoë"}}'.encode("latin-1"))
    assert "is not UTF-8 text (byte 0xeb" in message(path)


def test_zip_with_path_traversal_or_bomb_ratio_is_refused() -> None:
    assert "unsafe path" in message(IO / "traversal.zip")
    assert "zip bomb" in message(IO / "zip_bomb.zip")


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    assert "does not exist" in message(tmp_path / "nope.png")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "not a format I can import" in message(empty)


def test_parse_json_refuses_lone_surrogates_in_keys() -> None:
    with pytest.raises(ImportFailed, match="lone surrogate"):
        parse_json("k.json", '{"\\udc00": 1}')


SEEDS = sorted(p for p in IO.iterdir() if p.is_file() and p.suffix != ".py")


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.integers(min_value=0, max_value=4000),
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=4),
    tail=st.binary(max_size=40),
)
def test_import_never_raises_anything_but_import_failed(
    tmp_path_factory: pytest.TempPathFactory,
    seed: Path,
    cut: int,
    flips: list[tuple[int, int]],
    tail: bytes,
) -> None:
    data = bytearray(seed.read_bytes()[: cut or None])
    for position, value in flips:
        if data:
            data[position % len(data)] = value
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / seed.name
    path.write_bytes(bytes(data) + tail)
    try:
        read_paths([path])
    except ImportFailed as exc:
        assert str(exc).startswith(seed.name)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text_as_json_gives_a_value_or_import_failed(text: str) -> None:
    with contextlib.suppress(ImportFailed):
        parse_json("t.json", text)


def test_no_socket_is_ever_opened_during_import(
    monkeypatch: pytest.MonkeyPatch,
    real_world,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """Hosted badges, linked BadgeClasses and key URLs are never fetched."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise AssertionError("network access during import")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    paths = [
        real_world("openbadges", "ob2-example-0-Assertion.json"),
        real_world("openbadges", "baked.svg"),
        IO / "legacy_text.png",
        IO / "ob3_baked_jwt.png",
        IO / "linkedin_export.zip",
    ]
    bundles = read_paths(paths)
    assert len(bundles) == 5
    assert attempts == []
