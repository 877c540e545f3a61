"""When Qt's Linux desktop plugin cannot start, one line says why instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.ui.platform_check import XCB_LIBRARIES, diagnose


def _loads_all_but(*missing: str):  # type: ignore[no-untyped-def]
    return lambda name: name not in missing


def _answers(display: str) -> bool:
    return True


X11 = {"DISPLAY": ":0"}


def test_a_desktop_with_every_library_and_a_display_starts_qt() -> None:
    assert diagnose(X11, "linux", _loads_all_but(), _answers) is None


def test_one_missing_library_is_named_with_its_install_command() -> None:
    line = diagnose(X11, "linux", _loads_all_but("libxcb-cursor.so.0"), _answers)
    assert line == (
        "error: the desktop app needs the system library libxcb-cursor.so.0; install it with: "
        "sudo apt install libxcb-cursor0"
    )


def test_several_missing_libraries_are_named_in_one_line() -> None:
    line = diagnose(
        X11, "linux", _loads_all_but("libxcb-icccm.so.4", "libxcb-keysyms.so.1"), _answers
    )
    assert line == (
        "error: the desktop app needs the system libraries libxcb-icccm.so.4, "
        "libxcb-keysyms.so.1; install them with: sudo apt install libxcb-icccm4 libxcb-keysyms1"
    )


@pytest.mark.parametrize("env", [{}, {"QT_QPA_PLATFORM": "xcb"}, {"DISPLAY": "  "}])
def test_no_display_says_so_and_points_to_offscreen(env: dict[str, str]) -> None:
    line = diagnose(env, "linux", _loads_all_but("libxcb-cursor.so.0"), _answers)
    assert line is not None
    assert line.startswith("error: there is no display to open the desktop app on")
    assert "QT_QPA_PLATFORM=offscreen" in line


def test_a_display_that_does_not_answer_is_named() -> None:
    line = diagnose({"DISPLAY": ":99"}, "linux", _loads_all_but(), lambda display: False)
    assert line is not None
    assert line.startswith("error: cannot connect to the display :99 (DISPLAY)")


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),  # scripted runs and the tests
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),  # Qt tries Wayland first, then falls back
        ({}, "darwin"),
        ({}, "win32"),
    ],
)
def test_other_platforms_are_left_to_qt(env: dict[str, str], platform: str) -> None:
    assert diagnose(env, platform, _loads_all_but(*XCB_LIBRARIES), lambda d: False) is None


@pytest.mark.skipif(sys.platform != "linux", reason="the xcb plugin is Linux only")
def test_the_app_on_a_display_that_does_not_exist_prints_one_line_not_a_core_dump(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", PORTFOLIO_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-m", "portfolio"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1, done.stderr  # Qt's abort would be -6 (134 in a shell)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    # This machine may lack some xcb libraries (then they are named) or have them all.
    assert lines[0].startswith(
        (
            "error: the desktop app needs the system librar",
            "error: cannot connect to the display :99",
        )
    )
    assert done.stdout == ""


def test_the_display_probe_finds_no_server_on_a_display_that_does_not_exist() -> None:
    from portfolio.ui.platform_check import display_answers, library_loads

    if not library_loads("libxcb.so.1"):
        pytest.skip("libxcb.so.1 is not installed, so the probe cannot run here")
    assert display_answers(":99") is False
    assert library_loads("libdefinitely-not-a-library.so.7") is False
