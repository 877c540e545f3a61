"""Recording the result of a badge verification done at the user's request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio.enums import VerificationStatus
from portfolio.errors import NotFound
from portfolio.models import Credential

NOTE_LIMIT = 2000


def set_verification(
    session: Session, credential_id: int, status: VerificationStatus, note: str
) -> None:
    """Store `status` and put `note` first in the credential's verification note.

    Earlier notes about the same online check ("hosted badge: it can only be checked online",
    an older "checked online ...") are replaced; the other notes (expiry, structure) stay.
    """
    cred = session.get(Credential, credential_id)
    if cred is None:
        raise NotFound(f"Credential #{credential_id} no longer exists.")
    kept = [
        part
        for part in (cred.verification_note or "").split("; ")
        if part and not part.startswith(("hosted badge:", "checked online"))
    ]
    cred.verification_status = status
    cred.verification_note = "; ".join([note, *kept])[:NOTE_LIMIT]
