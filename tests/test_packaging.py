"""Everything the app reads at run time is found through importlib.resources."""

from portfolio.assets import read_json, resource
from portfolio.db.migrate import head_revision, known_revisions


def test_resources_are_reachable_through_the_package() -> None:
    assert resource("demo", "learners.json").is_file()
    assert read_json("demo", "learners.json")["learners"]


def test_migrations_ship_inside_the_package() -> None:
    assert head_revision() in known_revisions()
    assert "0001" in known_revisions()
