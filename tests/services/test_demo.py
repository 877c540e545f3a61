"""The demo learners tell the article's stories faithfully."""

from portfolio.models import CredentialKind
from portfolio.services import credentials, experience, learners
from portfolio.services.demo import load_demo


def test_loading_twice_adds_nothing(db) -> None:
    with db.session() as s:
        assert load_demo(s) == ["Samantha Kolb", "Audrey Heath", "Daniel Moreau"]
    with db.session() as s:
        assert load_demo(s) == []
    with db.read_session() as s:
        assert len(learners.list_learners(s)) == 3


def test_samantha_has_two_degrees_a_bootcamp_and_her_jobs(demo_db) -> None:
    with demo_db.read_session() as s:
        sam = learners.find_learner(s, "Samantha Kolb")
        rows = credentials.list_credentials(s, sam.id)
        jobs = experience.list_experience(s, sam.id)
        record = learners.get_learner(s, sam.id)
    degrees = [r for r in rows if r.kind is CredentialKind.DEGREE]
    assert {r.issuer for r in degrees} >= {"Dalhousie University"}
    assert len(degrees) == 2
    bootcamp = next(r for r in rows if "Bootcamp" in r.title)
    assert bootcamp.kind is CredentialKind.MICRO_CREDENTIAL
    assert bootcamp.issuer == "Alacrity Canada"
    for skill in ("Branding", "Marketing analytics", "Content distribution"):
        assert skill in bootcamp.skills
    assert any(r.expiry_date is not None for r in rows)
    assert {j.title for j in jobs} >= {
        "Digital Marketing Assistant",
        "Reconciliation Programme Intern",
    }
    assert record.location == "Victoria, BC"
    assert all(r.skills for r in rows), "every demo credential carries skills"


def test_audreys_three_fass_forward_courses_stack_into_her_ba(demo_db) -> None:
    with demo_db.read_session() as s:
        audrey = learners.find_learner(s, "audrey")
        rows = credentials.list_credentials(s, audrey.id)
    ba = next(r for r in rows if r.kind is CredentialKind.DEGREE)
    stacked = [r for r in rows if r.stacks_into_id == ba.id]
    assert len(stacked) == 3
    assert sum(r.credit_value or 0 for r in stacked) == 3
    assert {r.skills for r in stacked} >= {"Public speaking", "Conflict negotiation"}
