"""One small task runner for work that may take more than ~100 ms.

A task is a plain function run on a worker thread (it receives IDs and paths, never ORM objects
or widgets) with `on_done` / `on_error` callbacks delivered back on the UI thread. It may report
progress through the `Progress` object it is given, and notice cancellation. Tests use
`TaskRunner(serial=True)`, which runs everything immediately on the calling thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task by Progress.check() once the user cancelled."""


class Progress:
    """Handed to a task: report progress, and check whether the user cancelled."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        self._emit(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(
        self, fn: Callable[[Progress], Any], signals: _Signals, progress: Progress
    ) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.progress = progress

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as exc:  # delivered to on_error on the UI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class TaskHandle:
    """A running task: cancel it, or wait for it (tests)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.finished = threading.Event()

    def cancel(self) -> None:
        self.progress.cancel()


class TaskRunner(QObject):
    """Runs tasks on a thread pool, or inline when `serial` (tests, scripts)."""

    busy_changed = Signal(bool)

    def __init__(self, serial: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.serial = serial
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._running = 0
        self._keep: set[_Signals] = set()

    def submit(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskHandle:
        """Run `fn(progress)`; call `on_done(result)` or `on_error(exc)` on the UI thread."""
        if self.serial:
            progress = Progress(on_progress or (lambda *_: None))
            handle = TaskHandle(progress)
            try:
                result = fn(progress)
            except BaseException as exc:
                handle.finished.set()
                self._fail(exc, on_error)
            else:
                handle.finished.set()
                if on_done:
                    on_done(result)
            return handle

        signals = _Signals()
        progress = Progress(signals.progress.emit)
        handle = TaskHandle(progress)
        self._keep.add(signals)

        def finish() -> None:
            handle.finished.set()
            self._keep.discard(signals)
            self._running -= 1
            if self._running == 0:
                self.busy_changed.emit(False)

        def done(result: Any) -> None:
            finish()
            if on_done:
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            self._fail(exc, on_error)

        signals.done.connect(done)
        signals.failed.connect(failed)
        if on_progress:
            signals.progress.connect(on_progress)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, signals, progress))
        return handle

    def _fail(self, exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        from portfolio.errors import UserError

        if not isinstance(exc, UserError | Cancelled):
            log.error("background task failed", exc_info=exc)
        if on_error:
            on_error(exc)
        elif not isinstance(exc, Cancelled):
            raise exc

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every running task finished (tests and shutdown)."""
        return bool(self._pool.waitForDone(msecs))
