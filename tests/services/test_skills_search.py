"""Search: accent- and prefix-insensitive, best first; the FTS table follows every change."""

from pathlib import Path

import pytest

from portfolio.importers.esco import esco_sample_row, import_esco, write_esco_csv
from portfolio.services.skill_search import search_skills
from portfolio.services.skills import get_or_create_skill, merge_skills
from portfolio.services.taxonomy import ensure_builtin_taxonomy


@pytest.fixture
def taxonomy_db(db):
    with db.session() as s:
        ensure_builtin_taxonomy(s)
    return db


def labels(db, query: str, limit: int = 10) -> list[str]:
    with db.read_session() as s:
        return [hit.label for hit in search_skills(s, query, limit)]


def test_exact_label_comes_first_then_labels_starting_with_the_query(taxonomy_db) -> None:
    found = labels(taxonomy_db, "writing")
    assert found[0] == "Writing"
    assert found[1] == "Writing (Skills for Success)"
    assert "Report writing" in found


def test_prefix_of_a_word_matches(taxonomy_db) -> None:
    assert labels(taxonomy_db, "public speak")[0] == "Public speaking"
    assert "Conflict negotiation" in labels(taxonomy_db, "confl negot")


def test_accents_are_ignored_both_ways(taxonomy_db) -> None:
    assert "Résumé and cover letter writing" in labels(taxonomy_db, "resume")
    assert "Résumé and cover letter writing" in labels(taxonomy_db, "RÉSUMÉ")
    with taxonomy_db.session() as s:
        get_or_create_skill(s, "Café management")
    assert labels(taxonomy_db, "cafe") == ["Café management"]


def test_alternative_labels_rank_after_labels(taxonomy_db) -> None:
    with taxonomy_db.read_session() as s:
        hits = search_skills(s, "azure", 20)
    kinds = [h.matched for h in hits]
    # Labels containing "Azure" first; "Cloud computing"-style alt-label matches afterwards.
    assert kinds == sorted(kinds, key=["label", "alt_label", "keyword"].index)
    assert hits[0].label.startswith("Azure")
    by_alt = [h for h in hits if h.matched == "alt_label"]
    assert by_alt and all("azure" in h.matched_text.casefold() for h in by_alt)


def test_keywords_are_searched(taxonomy_db) -> None:
    with taxonomy_db.read_session() as s:
        hits = search_skills(s, "toastmasters")
    assert [(h.label, h.matched) for h in hits] == [("Public speaking", "keyword")]


def test_nothing_and_punctuation_find_nothing(taxonomy_db) -> None:
    assert labels(taxonomy_db, "") == []
    assert labels(taxonomy_db, '"*) ( - :') == []  # FTS syntax is never passed through
    assert labels(taxonomy_db, "zzzqqq") == []


def test_search_follows_imports_renames_and_merges(taxonomy_db, tmp_path: Path) -> None:
    path = tmp_path / "esco.csv"
    uri = "http://data.europa.eu/esco/skill/x-1"
    write_esco_csv(path, [esco_sample_row(conceptUri=uri, preferredLabel="tend looms")])
    with taxonomy_db.session() as s:
        import_esco(s, path)
    assert labels(taxonomy_db, "looms") == ["tend looms"]
    write_esco_csv(path, [esco_sample_row(conceptUri=uri, preferredLabel="operate weaving looms")])
    with taxonomy_db.session() as s:
        import_esco(s, path)
    assert labels(taxonomy_db, "looms") == ["operate weaving looms"]
    assert labels(taxonomy_db, "tend") == [] or "tend looms" not in labels(taxonomy_db, "tend")
    with taxonomy_db.session() as s:
        keep = get_or_create_skill(s, "Weaving")
        gone = search_skills(s, "weaving looms")[0]
        merge_skills(s, keep.id, gone.id)
    # The old label lives on as an alternative label of the kept skill.
    with taxonomy_db.read_session() as s:
        hit = search_skills(s, "operate weaving")[0]
    assert (hit.label, hit.matched) == ("Weaving", "alt_label")


def test_exact_label_then_prefix_then_alt_label(db) -> None:
    from portfolio.models import Skill, SkillSource

    with db.session() as s:
        for label, alts in [
            ("Mediation practice", []),
            ("Conflict coaching", ["mediation"]),
            ("Mediation", []),
            ("Family mediation", []),
        ]:
            s.add(
                Skill(
                    label=label, label_key=label.lower(), alt_labels=alts, source=SkillSource.CUSTOM
                )
            )
    assert labels(db, "mediation") == [
        "Mediation",
        "Mediation practice",
        "Family mediation",
        "Conflict coaching",
    ]


def test_a_database_from_before_search_is_indexed_on_upgrade(tmp_path) -> None:
    from sqlalchemy import text

    from portfolio.db import open_database
    from portfolio.db.engine import make_engine
    from portfolio.db.migrate import upgrade_to_head
    from portfolio.db.open import create_new_file

    path = tmp_path / "old.sqlite"
    create_new_file(path)
    engine = make_engine(path)
    upgrade_to_head(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO skill (label, label_key, category, description, alt_labels, "
                "keywords, source) VALUES ('Négociation', 'negociation', '', '', "
                "'[\"bargaining\"]', '[]', 'custom')"
            )
        )
    engine.dispose()
    database = open_database(path)
    try:
        assert labels(database, "negoc") == ["Négociation"]
        assert labels(database, "bargain") == ["Négociation"]
    finally:
        database.dispose()


def test_upgrading_the_taxonomy_updates_search(taxonomy_db) -> None:
    from portfolio.models import AppMeta, Skill
    from portfolio.services.taxonomy import VERSION_KEY

    with taxonomy_db.session() as s:
        skill = s.query(Skill).filter_by(key="branding").one()
        skill.alt_labels = ["obsolete wording"]
        s.get(AppMeta, VERSION_KEY).value = "2000.1.1"
    assert labels(taxonomy_db, "obsolete wording") == ["Branding"]
    with taxonomy_db.session() as s:
        ensure_builtin_taxonomy(s)
    assert labels(taxonomy_db, "obsolete wording") == []
    assert labels(taxonomy_db, "brand identity")[0] == "Branding"
