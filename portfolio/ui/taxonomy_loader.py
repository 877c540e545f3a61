"""Load or upgrade the built-in taxonomy at start-up without blocking the window."""

from __future__ import annotations

from collections.abc import Callable

from portfolio.services import suggest
from portfolio.services.records import Changed, Kind
from portfolio.services.taxonomy import ensure_builtin_taxonomy, needs_taxonomy
from portfolio.ui.context import UiContext
from portfolio.ui.tasks import Progress, TaskHandle


def start_taxonomy_load(
    ctx: UiContext, on_done: Callable[[bool], None] | None = None
) -> TaskHandle:
    """Load/upgrade the shipped taxonomy on `ctx.tasks`, then warm the suggestion index.

    Reports progress on `ctx.bus.status`; when skills were added or changed, announces
    `Changed(None, {Kind.SKILL})` on `ctx.bus.changed`. `on_done(loaded)` receives whether the
    taxonomy was (re)loaded (False too when loading failed, after the status message).
    """
    database = ctx.database

    def work(progress: Progress) -> bool:
        with database.read_session() as session:
            needed = needs_taxonomy(session)
        loaded = False
        if needed:
            with database.session() as session:
                loaded = ensure_builtin_taxonomy(
                    session, lambda done, total: progress.report(done, total, "Loading skills")
                )
        with database.read_session() as session:
            suggest.warm_up(session)
        return loaded

    def done(loaded: bool) -> None:
        if loaded:
            ctx.bus.changed.emit(Changed(learner_id=None, kinds=frozenset({Kind.SKILL})))
            ctx.bus.status.emit("Skills taxonomy loaded")
        if on_done:
            on_done(loaded)

    def failed(exc: BaseException) -> None:
        ctx.bus.status.emit(f"The skills taxonomy could not be loaded: {exc}")
        if on_done:
            on_done(False)

    return ctx.tasks.submit(work, on_done=done, on_error=failed)
