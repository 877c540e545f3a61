"""The portable portfolio file: one learner's complete record as versioned JSON."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from portfolio.services.portfolio_transfer import dump_learner


def export_portfolio(session: Session, learner_id: int) -> bytes:
    """UTF-8 JSON of everything stored for the learner (attachments base64-encoded)."""
    doc = dump_learner(session, learner_id)
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
