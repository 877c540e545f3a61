"""Logging to a private file in the user log folder.

Log records say what happened to which record id, never names, emails or notes: the log may be
attached to a bug report.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path

from portfolio.paths import ensure_private_dir

LOG_NAME = "portfolio.log"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send log records to log_dir/portfolio.log (mode 0600, rotated); return its path."""
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_portfolio", None) is not None]:
        if old._portfolio == path:  # type: ignore[attr-defined]
            return path
        root.removeHandler(old)
        old.close()
    try:
        ensure_private_dir(log_dir)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._portfolio = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic narrates every plugin and step at INFO; keep only its warnings.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return path
