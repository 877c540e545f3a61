"""`portfolio` and `python -m portfolio` with no arguments: the README's first command opens the
app, which keeps running until it is closed (here with SIGTERM, as a logout or `kill` does)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")

# Long enough for the first paint, the database opening and the taxonomy load after it.
RUNNING_FOR = 4.0


def console_script() -> Path:
    return Path(sys.executable).parent / "portfolio"


def internal_errors(home: Path) -> list[str]:
    log = home / "logs" / "portfolio.log"
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return [line for line in text.splitlines() if "internal error" in line or "Traceback" in line]


def run_until_terminated(
    command: list[str], home: Path, stop: signal.Signals = signal.SIGTERM
) -> tuple[bool, int, str]:
    """Start `command` on `home`, check it still runs after a few seconds, then send it `stop`;
    return (was running, exit status, stderr)."""
    env = {**os.environ, "PORTFOLIO_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PORTFOLIO_DB", None)
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as app:
        time.sleep(RUNNING_FOR)
        running = app.poll() is None
        app.send_signal(stop)
        try:
            _out, err = app.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            _out, err = app.communicate()
    return running, app.returncode, err


@pytest.mark.slow
@pytest.mark.parametrize("how", ["python -m portfolio", "portfolio"])
def test_the_bare_command_keeps_the_app_open_until_it_is_closed(how: str, cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo").code == 0
    if how == "portfolio":
        if not console_script().exists():
            pytest.skip(f"no console script at {console_script()}: the package is not installed")
        command = [str(console_script())]
    else:
        command = [sys.executable, "-m", "portfolio"]
    running, code, err = run_until_terminated(command, home)
    assert running, f"{how} exited by itself: {err}"
    assert code == 0, err  # SIGTERM closed the window; the process did not die of the signal
    assert internal_errors(home) == []
    assert "error:" not in err
    # Closing went the normal way: the window saved its settings.
    assert "geometry" in (home / "gui-settings.ini").read_text(encoding="utf-8")


@pytest.mark.slow
def test_ctrl_c_in_the_terminal_closes_the_app_the_same_way(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo").code == 0
    command = [sys.executable, "-m", "portfolio"]
    running, code, err = run_until_terminated(command, home, signal.SIGINT)
    assert running, err
    assert code == 0, err
    assert "KeyboardInterrupt" not in err
    assert internal_errors(home) == []
    assert "geometry" in (home / "gui-settings.ini").read_text(encoding="utf-8")
