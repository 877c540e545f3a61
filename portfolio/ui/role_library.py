"""Load or upgrade the shipped role library and program catalog, once, from any page.

The Goals page and the CV page both need the library (a fresh portfolio has none until it is
loaded), and their tasks may run at the same time on the task runner's two threads: the lock
makes the second wait and then find the library current, rather than insert every role twice.
"""

from __future__ import annotations

import threading

from portfolio.db import Database

_lock = threading.Lock()


def ensure_library(database: Database) -> bool:
    """Load the role library and program catalog if they are missing or outdated; True if so."""
    from portfolio.services.programs import ensure_program_catalog, needs_programs
    from portfolio.services.roles import ensure_role_library, needs_roles

    with _lock:
        with database.read_session() as session:
            if not (needs_roles(session) or needs_programs(session)):
                return False
        with database.session() as session:
            roles = ensure_role_library(session)
            programs = ensure_program_catalog(session)
        return roles or programs
