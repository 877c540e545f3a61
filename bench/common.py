"""Shared helpers for the benchmark scripts: repeated timing and one printed table.

Each bench/bench_<area>.py exposes `run(quick: bool = False) -> list[Figure]`; bench/run.py
collects them. Figures are medians over repeated runs with min and max, so results on a noisy
2-core machine can be compared run to run.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"


@dataclass
class Figure:
    name: str
    unit: str  # "ms", "s", "MiB", "x" (ratio)
    values: list[float]
    target: str = ""  # e.g. "< 16 ms" or "<= 2.5x bare window"
    ok: bool | None = None  # met the target? None when there is none
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)


@dataclass
class Ratio:
    name: str
    numerator: Figure
    denominator: Figure
    limit: float
    extra: list[str] = field(default_factory=list)

    def figure(self) -> Figure:
        value = self.numerator.median / self.denominator.median
        return Figure(self.name, "x", [value], f"<= {self.limit}x", value <= self.limit)


def time_call(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call of `fn`, `repeat` times after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def process_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a timed process: byte-compiled modules, as in an installed app.

    A pip-installed app runs from byte-compiled modules; a development shell may set
    PYTHONDONTWRITEBYTECODE, which would make every timed run compile the app's sources again.
    The warm-up run writes the bytecode to a cache folder under bench/out (not the sources).
    """
    return {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(OUT / "pycache"),
        **(env or {}),
    }


def time_process(args: list[str], repeat: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock milliseconds of a whole process, `repeat` times (after one warm-up run)."""
    full_env = process_env(env)
    out = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        subprocess.run(args, check=True, env=full_env, stdout=subprocess.DEVNULL)
        elapsed = (time.perf_counter() - start) * 1000
        if i:
            out.append(elapsed)
    return out


def python() -> str:
    return sys.executable


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()} · {cpu} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()}"
    )


def table(figures: list[Figure]) -> str:
    """A Markdown table of the figures."""
    lines = [
        "| figure | median | min | max | target | met |",
        "|---|---:|---:|---:|---|:---:|",
    ]
    for f in figures:
        met = "" if f.ok is None else ("yes" if f.ok else "**no**")
        lines.append(
            f"| {f.name} | {f.median:.1f} {f.unit} | {f.low:.1f} | {f.high:.1f} | {f.target} | {met} |"
        )
    return "\n".join(lines)
