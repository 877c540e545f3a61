"""Before Qt starts: can its Linux desktop plugin (xcb) load and reach a display?

When it cannot, Qt prints a paragraph about plugins and aborts the process (a core dump, exit
134). A person needs one line instead: which system library is missing and the command that
installs it, or that there is no display. The decision (`diagnose`) is pure; `check_platform`
gives it the real environment, library loader and display probe.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

# What Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa.so.6) links against outside the
# wheel, with the Debian/Ubuntu package of each. (`readelf -d` on both files: NEEDED entries.)
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

OFFSCREEN_HINT = "for scripted use without a screen, set QT_QPA_PLATFORM=offscreen"


def diagnose(
    env: Mapping[str, str],
    platform: str,
    loads: Callable[[str], bool],
    display_answers: Callable[[str], bool],
) -> str | None:
    """The one-line error to print instead of starting Qt, or None when Qt can start.

    Only the case Qt would abort on is judged: Linux, the xcb plugin (QT_QPA_PLATFORM unset or
    "xcb"), and no Wayland session (Qt tries Wayland first there, then falls back by itself).
    """
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen and chosen.split(":")[0] != "xcb":
        return None  # offscreen, wayland, vnc...: not the plugin this checks
    display = env.get("DISPLAY", "").strip()
    if not chosen and env.get("WAYLAND_DISPLAY", "").strip():
        return None
    if not display:
        return f"error: there is no display to open the desktop app on (DISPLAY is not set); {OFFSCREEN_HINT}."
    missing = [name for name in XCB_LIBRARIES if not loads(name)]
    if missing:
        packages = " ".join(dict.fromkeys(XCB_LIBRARIES[name] for name in missing))
        if len(missing) == 1:
            what, them = f"the system library {missing[0]}", "it"
        else:
            what, them = f"the system libraries {', '.join(missing)}", "them"
        return (
            f"error: the desktop app needs {what}; install {them} with: sudo apt install {packages}"
        )
    if not display_answers(display):
        return f"error: cannot connect to the display {display} (DISPLAY); start the app from a desktop session, or {OFFSCREEN_HINT}."
    return None


def library_loads(name: str) -> bool:
    import ctypes  # only where the xcb platform is checked: not on the offscreen path

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def display_answers(display: str) -> bool:
    """True when an X server accepts a connection on `display` (through libxcb itself)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def check_platform() -> str | None:
    """`diagnose` for this process."""
    return diagnose(os.environ, sys.platform, library_loads, display_answers)
