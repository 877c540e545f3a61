"""CV variants: named selections over one portfolio."""

from __future__ import annotations

import pytest

from portfolio.db import Database
from portfolio.errors import NotFound, ValidationError
from portfolio.models import CvItemState
from portfolio.services import cv_variants as cv
from portfolio.services.cv_content import load_cv_content
from portfolio.services.learners import find_learner


def test_create_list_update_delete(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Samantha").id
        vid = cv.create_variant(s, learner, cv.VariantInput("Digital marketing", template="modern"))
        with pytest.raises(ValidationError):
            cv.create_variant(s, learner, cv.VariantInput("digital  MARKETING"))
        cv.update_variant(s, vid, cv.VariantInput("Marketing", page_size="a4", qr_codes=True))
        (variant,) = cv.list_variants(s, learner)
        assert (variant.name, variant.template, variant.page_size, variant.qr_codes) == (
            "Marketing",
            "classic",
            "a4",
            True,
        )
        assert cv.find_variant(s, learner, "marketing").id == vid
        cv.delete_variant(s, vid)
        with pytest.raises(NotFound):
            cv.find_variant(s, learner, "Marketing")


def test_pin_and_hide_items_without_copying_data(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Samantha").id
        content = load_cv_content(s, learner)
        vid = cv.create_variant(s, learner, cv.VariantInput("Humanitarian programs"))
        first, second = content.experiences[0].id, content.experiences[1].id
        cv.set_item_state(s, vid, "experience", second, CvItemState.PINNED)
        cv.set_item_state(s, vid, "experience", first, CvItemState.HIDDEN)
        cv.set_item_state(s, vid, "experience", first, CvItemState.AUTO)
        tailoring = cv.get_variant(s, vid).tailoring
        assert tailoring.choice("experience", second).state == CvItemState.PINNED  # type: ignore[union-attr]
        assert tailoring.choice("experience", first).state == CvItemState.AUTO  # type: ignore[union-attr]


def test_proposal_applied_to_a_variant(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Samantha").id
        content = load_cv_content(s, learner)
        ids = cv.skill_ids_for_labels(s, ["Branding", "Unknown skill", "Marketing analytics"])
        assert len(ids) == 2
        proposal = cv.propose_tailoring(content, ids)
        vid = cv.create_variant(s, learner, cv.VariantInput("Marketing"), proposal.items)
        cv.update_variant(
            s, vid, cv.VariantInput("Marketing", focus_skill_ids=proposal.focus_skill_ids)
        )
        saved = cv.get_variant(s, vid)
        assert saved.focus_skill_ids == ids
        assert {i.state for i in saved.items} == {CvItemState.AUTO, CvItemState.HIDDEN}


def test_unknown_role_is_a_clear_error(db: Database) -> None:
    with db.session() as s, pytest.raises(NotFound, match="No role called"):
        cv.find_role(s, "Astronaut")
