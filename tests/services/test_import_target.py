"""Whom an import goes to: the learner on screen, or the person a file names (no Qt)."""

from __future__ import annotations

import pytest

from portfolio.db import Database
from portfolio.errors import UserError
from portfolio.importers.model import ImportBundle
from portfolio.services.import_service import plan_import, propose_target
from portfolio.services.learners import create_learner, find_learner
from portfolio.services.records import LearnerInput


def about(name: str, source: str = "resume.json") -> ImportBundle:
    return ImportBundle(source=source, format="jsonresume", learner=LearnerInput(name=name))


def test_a_file_about_the_learner_on_screen_goes_to_them_accents_and_case_ignored(
    db: Database,
) -> None:
    with db.session() as s:
        zoe = create_learner(s, LearnerInput(name="Zoë Tremblay"))
        create_learner(s, LearnerInput(name="Audrey Heath"))
        target = propose_target(s, [about("ZOE  tremblay")], zoe)
    assert (target.learner_id, target.ask) == (zoe, False)


def test_a_file_about_someone_else_asks_and_offers_the_existing_person(db: Database) -> None:
    with db.session() as s:
        audrey = create_learner(s, LearnerInput(name="Audrey Heath"))
        zoe = create_learner(s, LearnerInput(name="Zoë Tremblay"))
        target = propose_target(s, [about("Zoe Tremblay")], audrey)
    assert target.ask and target.learner_id is None
    assert target.named_learner is not None and target.named_learner.id == zoe
    assert target.explanation == "This file is about Zoe Tremblay, not Audrey Heath."


def test_a_full_name_is_not_matched_by_prefix(db: Database) -> None:
    with db.session() as s:
        audrey = create_learner(s, LearnerInput(name="Audrey Heath"))
        create_learner(s, LearnerInput(name="Jordan Leeson"))
        target = propose_target(s, [about("Jordan Lee")], audrey)
    assert target.ask and target.named_learner is None and target.new_name == "Jordan Lee"


def test_files_about_different_people_ask(db: Database) -> None:
    with db.session() as s:
        audrey = create_learner(s, LearnerInput(name="Audrey Heath"))
        target = propose_target(s, [about("Audrey Heath"), about("Jordan Lee", "li.zip")], audrey)
    assert target.ask
    assert target.explanation == "These files name different people (“Audrey Heath”, “Jordan Lee”)."


def test_a_file_naming_nobody_goes_to_the_learner_on_screen(db: Database) -> None:
    with db.session() as s:
        create_learner(s, LearnerInput(name="Audrey Heath"))
        sam = create_learner(s, LearnerInput(name="Samantha Kolb"))
        target = propose_target(s, [ImportBundle(source="b.csv", format="csv")], sam)
    assert (target.learner_id, target.ask) == (sam, False)


def test_a_new_learner_whose_name_is_taken_is_refused(db: Database) -> None:
    with db.session() as s:
        create_learner(s, LearnerInput(name="Audrey Heath"))
        with pytest.raises(UserError, match="already exists"):
            plan_import(s, [about("Jordan Lee")], new_learner="audrey heath")
        plan = plan_import(s, [about("Audrey Heath")], learner_id=find_learner(s, "Audrey").id)
    assert plan.learner_name == "Audrey Heath"
