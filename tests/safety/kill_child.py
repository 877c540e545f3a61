"""Run by tests/safety/test_crash_kill.py in a child process that gets SIGKILLed.

Imports COUNT credentials for a new learner in ONE transaction through the services, printing
progress so the parent can kill it at chosen points. A tiny page cache makes SQLite spill
changed pages into the database file mid-transaction, so a kill leaves a hot journal behind.
"""

import sys
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import sessionmaker

from portfolio.db.engine import Database, make_engine
from portfolio.models import CredentialKind
from portfolio.services.credentials import create_credential
from portfolio.services.learners import create_learner
from portfolio.services.records import CredentialInput, LearnerInput

path, count = Path(sys.argv[1]), int(sys.argv[2])
# The parent created and migrated the file; open it the way the app does, minus the checks.
engine = make_engine(path)
db = Database(path, engine, sessionmaker(engine, expire_on_commit=False))
event.listen(db.engine, "connect", lambda conn, _rec: conn.execute("PRAGMA cache_size=64"))
print("begin", flush=True)
with db.session() as session:
    learner = create_learner(session, LearnerInput(name="Imported Batch"))
    for i in range(count):
        create_credential(
            session, learner, CredentialInput(title=f"Course {i}", kind=CredentialKind.COURSE)
        )
        if i % 100 == 99:
            print(f"progress {i + 1}", flush=True)
    print("committing", flush=True)
print("committed", flush=True)
