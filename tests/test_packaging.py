"""Everything the app reads at run time is found through importlib.resources."""

from portfolio.assets import read_json, resource
from portfolio.db.migrate import head_revision, known_revisions


def test_resources_are_reachable_through_the_package() -> None:
    assert resource("demo", "learners.json").is_file()
    assert read_json("demo", "learners.json")["learners"]


def test_migrations_ship_inside_the_package() -> None:
    assert head_revision() in known_revisions()
    assert "0001" in known_revisions()


def test_a_source_checkout_on_sys_path_still_finds_its_resources(tmp_path) -> None:
    """`python -m portfolio` inside a clone imports the clone's package (no mapped resources)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    code = "from portfolio.assets import read_json; print(len(read_json('demo', 'learners.json')['learners']))"
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],  # -S: no site-packages, so no installed copy
        cwd=repo, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3"


def test_the_user_guide_ships_as_package_data() -> None:
    # Help ▸ User guide reads it offline; resources/** is package data of portfolio.resources.
    assert (
        resource("help", "guide.md").read_text(encoding="utf-8").startswith("# Learner Portfolio")
    )
