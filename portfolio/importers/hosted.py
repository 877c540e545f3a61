"""Online verification of hosted Open Badges 2.0 assertions: the one place that uses the network.

It runs only when the user asks (`portfolio verify ... --online`); importing a badge never
fetches anything. `fetch` gets one https URL with a timeout and a size limit (a redirect to
anything but https is refused), and `check_assertion` reads the answer with the importers' JSON
limits and says whether the issuer's server still vouches for the badge.

A hosted assertion is verified when the document served at its URL is an OB 2.0 assertion whose
`id` is that URL, that is not revoked, and that is the badge we hold (same id). It then counts
as "structure valid" with a note saying when it was checked online; a revoked badge becomes
"invalid" with the issuer's reason.
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from portfolio.enums import VerificationStatus
from portfolio.errors import UserError
from portfolio.importers.limits import human_size, parse_json
from portfolio.importers.openbadges import is_ob2_assertion

TIMEOUT_SECONDS = 10.0
MAX_BYTES = 1024 * 1024  # an assertion is a few kilobytes; a megabyte is generous
USER_AGENT = "LearnerPortfolio-verify (+offline-first; fetched at the user's request)"


class FetchFailed(UserError):
    """The badge could not be fetched; `str(err)` names the URL and says why."""


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:  # not a URL urllib can read
        return "?"


def is_https(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() == "https" and bool(parts.hostname)
    except ValueError:
        return False


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to other https addresses."""

    def redirect_request(  # type: ignore[no-untyped-def]
        self, req, fp, code, msg, headers, newurl
    ):
        if not is_https(newurl):
            raise FetchFailed(
                f"{req.full_url} redirects to {newurl[:200]}, which is not https; not followed."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # No proxy handler from the environment is dropped: a user behind a proxy still gets through.
    return urllib.request.build_opener(_HttpsOnlyRedirects())


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, limit: int = MAX_BYTES) -> bytes:
    """The body served at the https `url`, at most `limit` bytes, within `timeout` seconds."""
    if not is_https(url):
        raise FetchFailed(f"{url[:200]} is not an https address; only https badges are checked.")
    request = urllib.request.Request(
        url,
        headers={"Accept": "application/ld+json, application/json", "User-Agent": USER_AGENT},
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchFailed(
                    f"{url}: the server sends {human_size(int(declared))}; the limit for a "
                    f"badge is {human_size(limit)}."
                )
            body = bytes(response.read(limit + 1))
    except FetchFailed:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"{url}: the server answered {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchFailed(f"{url}: could not be fetched ({str(reason)[:200]}).") from None
    if len(body) > limit:
        raise FetchFailed(f"{url}: the answer is larger than {human_size(limit)}; not read.")
    return body


@dataclass(frozen=True)
class OnlineCheck:
    """What the issuer's server said about one badge."""

    status: VerificationStatus
    note: str
    ok: bool  # True when the badge was confirmed


def _same_url(a: str, b: str) -> bool:
    return a.strip().rstrip("/") == b.strip().rstrip("/")


def check_assertion(
    url: str, body: bytes, credential_id: str, today: dt.date | None = None
) -> OnlineCheck:
    """Judge the document fetched from `url` against the badge we hold (`credential_id`)."""
    today = today or dt.date.today()
    when = today.isoformat()
    doc: Any = parse_json(url, body)  # the same limits as any imported file
    if not isinstance(doc, Mapping) or not is_ob2_assertion(doc):
        return OnlineCheck(
            VerificationStatus.NOT_VERIFIED,
            f"checked online {when}: {url} does not serve an Open Badges 2.0 assertion",
            False,
        )
    raw_id = doc.get("id")
    served_id = raw_id if isinstance(raw_id, str) else ""
    if not _same_url(served_id, url):
        return OnlineCheck(
            VerificationStatus.INVALID,
            f"checked online {when}: the assertion at {url} gives another id ({served_id[:200]}), "
            "so it does not vouch for itself",
            False,
        )
    if credential_id and not _same_url(credential_id, served_id):
        return OnlineCheck(
            VerificationStatus.INVALID,
            f"checked online {when}: {url} serves a different badge ({served_id[:200]})",
            False,
        )
    if doc.get("revoked") is True:
        reason = doc.get("revocationReason")
        why = f": {reason[:300]}" if isinstance(reason, str) and reason.strip() else ""
        return OnlineCheck(
            VerificationStatus.INVALID,
            f"checked online {when}: REVOKED by the issuer{why}",
            False,
        )
    return OnlineCheck(
        VerificationStatus.STRUCTURE_VALID,
        f"checked online {when}: the issuer's server at {host_of(url)} still holds "
        "this assertion, not revoked",
        True,
    )
