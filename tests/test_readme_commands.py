"""The README's commands, exactly: every example runs on the demo data, and its first command
works in a fresh virtual environment and home.

Which README text is an example: every `portfolio ...` command in a fenced ```bash block (split
at `&&`), and every inline `portfolio ...` span that has options and no placeholder. Command
grammar (the usage tables, `NAME`, `FILE`, `[--flag]`) is fenced as ```text, and a fenced block
mentioning `portfolio` with any other language is refused, so nothing slips between the two.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_bare_command import internal_errors, run_until_terminated

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
PLACEHOLDER = re.compile(r"^\[?-*[A-Z][A-Z_]{2,}(\.\.\.)?\]?$|^\[")


def _commands(text: str) -> list[str]:
    """`portfolio` commands of a shell line, without comments (`a && portfolio demo` -> demo)."""
    words = shlex.split(text, comments=True)
    found: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            found.append([])
        else:
            found[-1].append(word)
    return [shlex.join(command) for command in found if command and command[0] == "portfolio"]


def readme_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    examples: list[str] = []
    for lang, body in re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        if lang == "bash":
            for line in body.splitlines():
                examples += _commands(line)
        else:
            mentions = [line for line in body.splitlines() if line.startswith("portfolio ")]
            assert lang == "text" or not mentions, f"fence ```{lang} holds commands: {mentions}"
    for span in re.findall(r"(?<!`)`(portfolio [^`]+)`(?!`)", text):
        command = " ".join(span.split())
        words = shlex.split(command)
        if any(w.startswith("--") for w in words) and not any(PLACEHOLDER.match(w) for w in words):
            examples.append(command)
    return examples


def test_the_readme_has_the_examples_this_test_runs() -> None:
    examples = readme_examples()
    assert examples[:2] == [
        "portfolio demo",
        "portfolio",
    ]  # the first command, after `pip install .`
    assert any("export-cv" in e and "--role" in e for e in examples)
    assert any(e.startswith("portfolio gap ") for e in examples)
    assert not any("NAME" in e for e in examples)


def test_every_readme_example_runs_on_the_demo_data(
    cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # files the examples write (-o samantha.pdf) land here
    failed = []
    for example in readme_examples():
        args = shlex.split(example)[1:]
        if not args or args[0] == "gui":
            # The desktop app: opened for real, in another process, until its first paint.
            gui = args[1:] if args else []
            done = subprocess.run(
                [sys.executable, "-m", "portfolio", "gui", *gui, "--exit-when-ready"],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                capture_output=True,
                text=True,
                timeout=120,
            )
            result = (done.returncode, done.stderr)
        else:
            ran = cli(*args)
            result = (ran.code, ran.err)
        if result[0] != 0:
            failed.append(f"{example}: exit {result[0]}: {result[1].strip()}")
    assert failed == []
    assert (tmp_path / "samantha.pdf").stat().st_size > 10_000
    assert internal_errors(home) == []


# --- the first command in a fresh environment ---------------------------------------------------

# pip's words when it cannot reach an index (then the test cannot say anything about the app).
NO_INDEX = (
    "Could not find a version that satisfies",
    "No matching distribution found",
    "NewConnectionError",
    "Network is unreachable",
    "Temporary failure in name resolution",
    "Max retries exceeded",
)


def _copy_of_the_repository(target: Path) -> Path:
    """The repository's own files (what a clone holds), without virtual environments or caches."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=False
    )
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (REPO / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, target / name)
        return target
    ignore = shutil.ignore_patterns(".*", "__pycache__", "build", "*.egg-info", "dist")
    shutil.copytree(REPO, target, ignore=ignore, dirs_exist_ok=True)
    return target


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_the_first_command_works_in_a_fresh_environment_and_home(tmp_path: Path) -> None:
    first = README.read_text(encoding="utf-8").split("```bash\n", 1)[1].splitlines()[1]
    assert first == "pip install . && portfolio demo && portfolio"
    clone = _copy_of_the_repository(tmp_path / "clone")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    home = tmp_path / "home"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PORTFOLIO_DB", "PYTHONPATH")},
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "PORTFOLIO_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    # The README's first command up to the app itself, exactly, from the clone.
    setup = first.removesuffix(" && portfolio")
    done = subprocess.run(
        ["bash", "-c", setup], cwd=clone, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0 and any(words in done.stdout + done.stderr for words in NO_INDEX):
        pytest.skip(f"pip cannot reach a package index here: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Samantha Kolb" in done.stdout  # `portfolio demo` added the demo learners
    # The app from that environment, started in another folder so only the installed copy counts.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed = venv / "bin" / "portfolio"
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import portfolio; print(portfolio.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in probe.stdout  # not this checkout
    old = Path.cwd()
    os.chdir(elsewhere)
    try:
        running, code, err = run_until_terminated([str(installed)], home)
    finally:
        os.chdir(old)
    assert running, err
    assert code == 0, err
    assert internal_errors(home) == []
