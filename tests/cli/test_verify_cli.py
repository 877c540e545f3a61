"""`portfolio verify`: hosted badges are checked online only with --online (no real network here:
`hosted.fetch` is replaced, or its opener is, and pytest-socket fails any real connection)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from portfolio.db import open_database
from portfolio.importers import hosted
from portfolio.models.base import VerificationStatus
from portfolio.services.credentials import get_credential, list_credentials
from portfolio.services.learners import find_learner

URL = "https://badges.example.org/assertions/77"
ASSERTION = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": URL,
    "recipient": {"type": "email", "hashed": False, "identity": "sam@example.org"},
    "issuedOn": "2021-03-14",
    "verification": {"type": "hosted"},
    "badge": {
        "type": "BadgeClass",
        "id": "https://badges.example.org/classes/1",
        "name": "Hosted Data Basics",
        "description": "Reads a table.",
        "criteria": {"narrative": "Pass."},
        "issuer": {"type": "Profile", "id": "https://badges.example.org", "name": "Example U"},
    },
}


@pytest.fixture
def portfolio_with_hosted_badge(cli, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    badge = tmp_path / "hosted.json"
    badge.write_text(json.dumps(ASSERTION))
    db = str(tmp_path / "p.sqlite")
    result = cli("--db", db, "import", str(badge), "--learner", "Sam")
    assert result.code == 0, result.err
    assert "hosted badge: it can only be checked online" in result.out
    return db


def stored(db: str) -> Any:
    database = open_database(Path(db))
    try:
        with database.read_session() as s:
            sam = find_learner(s, "Sam")
            (row,) = list_credentials(s, sam.id)
            return get_credential(s, row.id)
    finally:
        database.dispose()


def serve(monkeypatch: pytest.MonkeyPatch, body: bytes | Exception) -> list[str]:
    asked: list[str] = []

    def fake_fetch(url: str, **_: Any) -> bytes:
        asked.append(url)
        if isinstance(body, Exception):
            raise body
        return body

    monkeypatch.setattr(hosted, "fetch", fake_fetch)
    return asked


def test_without_online_nothing_is_fetched_and_the_user_is_told_why(
    cli, portfolio_with_hosted_badge: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked = serve(monkeypatch, AssertionError("must not fetch"))
    result = cli("--db", portfolio_with_hosted_badge, "verify", "--learner", "Sam")
    assert result.code == 1
    assert result.err == (
        "error: Nothing leaves this machine unless you ask: add --online to fetch 1 badge(s) "
        "of Sam from badges.example.org.\n"
    )
    assert asked == []
    assert (
        stored(portfolio_with_hosted_badge).verification_status == VerificationStatus.NOT_VERIFIED
    )


def test_online_confirms_a_hosted_badge_and_records_it(
    cli, portfolio_with_hosted_badge: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked = serve(monkeypatch, json.dumps(ASSERTION).encode())
    result = cli("--db", portfolio_with_hosted_badge, "verify", "--learner", "Sam", "--online")
    assert result.code == 0, result.err
    assert asked == [URL]
    assert "✓ Hosted Data Basics: checked online" in result.out
    record = stored(portfolio_with_hosted_badge)
    assert record.verification_status == VerificationStatus.STRUCTURE_VALID
    assert record.verification_note.startswith("checked online")
    assert "not fetched" not in record.verification_note  # the stale note is gone


@pytest.mark.parametrize(
    ("served", "words"),
    [
        (
            {**ASSERTION, "revoked": True, "revocationReason": "Issued in error"},
            "REVOKED by the issuer: Issued in error",
        ),
        ({**ASSERTION, "id": "https://elsewhere.example/a/1"}, "gives another id"),
    ],
)
def test_a_revoked_or_foreign_assertion_is_recorded_as_invalid(
    cli, portfolio_with_hosted_badge: str, monkeypatch, served: dict[str, Any], words: str
) -> None:  # type: ignore[no-untyped-def]
    serve(monkeypatch, json.dumps(served).encode())
    result = cli("--db", portfolio_with_hosted_badge, "verify", "--learner", "Sam", "--online")
    assert result.code == 0 and "✗ Hosted Data Basics" in result.out and words in result.out
    record = stored(portfolio_with_hosted_badge)
    assert record.verification_status == VerificationStatus.INVALID
    assert words in record.verification_note


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (hosted.FetchFailed(f"{URL}: the server answered 404 Not Found."), "404 Not Found"),
        (b'{"id": NaN}', "the JSON holds NaN"),
        (b"[" * 100 + b"]" * 100, "nested more than 64"),
        (b"<html>Sign in</html>", "is not valid JSON"),
    ],
)
def test_an_answer_that_cannot_be_read_changes_nothing(
    cli, portfolio_with_hosted_badge: str, monkeypatch, answer: Any, words: str
) -> None:  # type: ignore[no-untyped-def]
    before = stored(portfolio_with_hosted_badge)
    serve(monkeypatch, answer)
    result = cli("--db", portfolio_with_hosted_badge, "verify", "--learner", "Sam", "--online")
    assert result.code == 1
    assert words in result.out and "not checked" in result.out
    assert "1 could not be checked (nothing changed for them)" in result.out
    assert stored(portfolio_with_hosted_badge) == before


def test_choosing_one_credential_and_the_errors_around_it(
    cli, portfolio_with_hosted_badge: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db = portfolio_with_hosted_badge
    asked = serve(monkeypatch, json.dumps(ASSERTION).encode())
    result = cli(
        "--db", db, "verify", "--learner", "Sam", "--credential", "data basics", "--online"
    )
    assert result.code == 0 and asked == [URL]
    result = cli("--db", db, "verify", "--learner", "Sam", "--credential", "Nope", "--online")
    assert result.code == 1 and "No credential called “Nope”" in result.err
    result = cli("--db", db, "verify", "--learner", "Nobody", "--online")
    assert result.code == 1 and "Nobody" in result.err
    assert (
        cli(
            "--db",
            db,
            "import",
            str(Path(__file__).parent.parent / "data" / "io" / "ob3_credential.json"),
            "--learner",
            "Ann",
        ).code
        == 0
    )
    result = cli("--db", db, "verify", "--learner", "Ann", "--online")
    assert result.code == 0 and "Ann has no hosted badge to check online." in result.out


# -- the fetch itself, with a fake opener instead of the network ------------------------------


class FakeResponse(io.BytesIO):
    def __init__(self, body: bytes, length: str | None = None) -> None:
        super().__init__(body)
        self.headers = {"Content-Length": length} if length else {}


class FakeOpener:
    def __init__(self, response: FakeResponse) -> None:
        self.response = response
        self.calls: list[tuple[str, float]] = []

    def open(self, request: Any, timeout: float) -> FakeResponse:
        self.calls.append((request.full_url, timeout))
        return self.response


def test_fetch_refuses_anything_but_https_before_touching_the_network(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(hosted, "_opener", lambda: pytest.fail("no opener for a refused URL"))
    for url in (
        "http://badges.example.org/a/1",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https:///nohost",
    ):
        with pytest.raises(hosted.FetchFailed, match="not an https address"):
            hosted.fetch(url)


def test_fetch_has_a_timeout_and_a_size_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opener = FakeOpener(FakeResponse(b'{"ok": true}'))
    monkeypatch.setattr(hosted, "_opener", lambda: opener)
    assert hosted.fetch(URL) == b'{"ok": true}'
    assert opener.calls == [(URL, hosted.TIMEOUT_SECONDS)]
    monkeypatch.setattr(hosted, "_opener", lambda: FakeOpener(FakeResponse(b"x" * 2000)))
    with pytest.raises(hosted.FetchFailed, match="larger than"):
        hosted.fetch(URL, limit=1000)
    declared = FakeOpener(FakeResponse(b"", length=str(50 * 1024 * 1024)))
    monkeypatch.setattr(hosted, "_opener", lambda: declared)
    with pytest.raises(hosted.FetchFailed, match=r"the server sends 50\.0 MB"):
        hosted.fetch(URL)


def test_a_redirect_away_from_https_is_not_followed() -> None:
    import urllib.request

    handler = hosted._HttpsOnlyRedirects()
    request = urllib.request.Request(URL)
    with pytest.raises(
        hosted.FetchFailed, match=r"redirects to http://evil\.example/a, which is not https"
    ):
        handler.redirect_request(request, None, 302, "Found", {}, "http://evil.example/a")
    followed = handler.redirect_request(
        request, None, 302, "Found", {}, "https://badges.example.org/b"
    )
    assert followed is not None and followed.full_url == "https://badges.example.org/b"


def test_a_network_error_is_one_clear_sentence(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import urllib.error

    class Down:
        def open(self, request: Any, timeout: float) -> Any:
            raise urllib.error.URLError(TimeoutError("timed out"))

    monkeypatch.setattr(hosted, "_opener", lambda: Down())
    with pytest.raises(hosted.FetchFailed) as info:
        hosted.fetch(URL)
    assert str(info.value) == f"{URL}: could not be fetched (timed out)."
