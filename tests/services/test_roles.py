"""The role library, the program catalog, and the user's own roles."""

from __future__ import annotations

import copy
import json

import pytest

from portfolio.assets import read_json
from portfolio.errors import NotFound, UserError, ValidationError
from portfolio.models import Importance, SkillLevel, SkillSource
from portfolio.services import programs, roles
from portfolio.services.goal_records import ProgramInput, RoleInput, RoleSkillInput

REQUIRED_ROLES = [
    "Digital Marketing Coordinator",
    "Cloud Administrator",
    "Administrative Assistant",
    "Supply Chain Analyst",
    "Project Coordinator",
    "Data Analyst",
    "Communications Officer",
    "Environmental Technician",
    "Mass Timber Construction Technician",
    "Clean Energy Building Specialist",
    "Program Officer (International Development)",
]


def _taxonomy_keys() -> set[str]:
    return {skill["key"] for skill in read_json("taxonomy", "skills.json")["skills"]}


def test_library_has_at_least_40_roles_with_the_required_names(db) -> None:
    with db.session() as s:
        assert roles.ensure_role_library(s) is True
    with db.read_session() as s:
        names = [r.name for r in roles.list_roles(s)]
    assert len(names) >= 40
    for name in REQUIRED_ROLES:
        assert name in names
    assert len(set(names)) == len(names)


def test_every_role_has_a_description_and_essential_skills_from_the_taxonomy() -> None:
    keys = _taxonomy_keys()
    data = read_json("roles", "roles.json")
    for role in data["roles"]:
        assert role["description"].strip(), role["key"]
        assert role["essential"], role["key"]
        unknown = [k for k in role["essential"] + role["optional"] if k not in keys]
        assert unknown == [], f"{role['key']} refers to unknown skills {unknown}"


def test_loaded_roles_keep_every_skill_essential_first(db) -> None:
    data = read_json("roles", "roles.json")
    with db.session() as s:
        roles.ensure_role_library(s)
        role = roles.get_role(s, roles.find_role(s, "Cloud Administrator").id)
    shipped = next(r for r in data["roles"] if r["name"] == "Cloud Administrator")
    assert [x.key for x in role.essential] == sorted(
        shipped["essential"],
        key=lambda k: next(x.label for x in role.skills if x.key == k).casefold(),
    )
    assert {x.key for x in role.optional} == set(shipped["optional"])
    assert role.skills[0].importance is Importance.ESSENTIAL
    assert role.skills[-1].importance is Importance.OPTIONAL


def test_every_program_teaches_taxonomy_skills_and_the_article_programs_are_there(db) -> None:
    keys = _taxonomy_keys()
    data = read_json("programs", "programs.json")
    for program in data["programs"]:
        unknown = [k for k in program["skills"] if k not in keys]
        assert unknown == [], f"{program['key']} teaches unknown skills {unknown}"
    with db.session() as s:
        programs.ensure_program_catalog(s)
        catalog = programs.list_programs(s)
    providers = " | ".join(f"{p.name} {p.provider_line}" for p in catalog)
    for needle in (
        "Alacrity Canada",
        "Vancouver Community College",
        "MicroMasters",
        "Royal Roads",
        "FASS Forward",
        "Camosun",
        "Langara",
        "Mass Timber",
    ):
        assert needle in providers
    azure = next(p for p in catalog if p.key == "vcc-ubc-canada-skills-program-azure")
    assert "Microsoft Canada" in azure.partners
    assert azure.duration_weeks is None, "an unknown duration stays empty"


def test_loading_twice_changes_nothing_and_a_newer_version_upgrades(db, monkeypatch) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
    with db.session() as s:
        assert roles.ensure_role_library(s) is False
        before = len(roles.list_roles(s))
    newer = copy.deepcopy(roles.builtin_roles())
    newer["version"] = "2999.1.1"
    newer["roles"].append(
        {
            "key": "test-role",
            "name": "Test Role",
            "description": "A role added by a library upgrade.",
            "essential": ["branding"],
            "optional": [],
        }
    )
    newer["roles"][0]["description"] = "Upgraded description."
    monkeypatch.setattr(roles, "builtin_roles", lambda: newer)
    with db.session() as s:
        assert roles.ensure_role_library(s) is True
    with db.read_session() as s:
        assert len(roles.list_roles(s)) == before + 1
        first = roles.get_role(s, roles.find_role(s, newer["roles"][0]["name"]).id)
        assert first.description == "Upgraded description."


def test_user_adds_edits_and_deletes_a_custom_role(db) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        role_id = roles.create_role(
            s,
            RoleInput(
                name="  Community   Energy Organizer ",
                description="Helps neighbourhoods plan energy retrofits.",
                skills=(
                    RoleSkillInput(key="community-engagement"),
                    RoleSkillInput(label="Public speaking", importance=Importance.OPTIONAL),
                    RoleSkillInput(label="Heat pump advocacy", min_level=SkillLevel.AWARENESS),
                ),
            ),
        )
    with db.session() as s:
        role = roles.get_role(s, role_id)
        assert role.name == "Community Energy Organizer"
        assert role.source is SkillSource.CUSTOM
        assert {x.label for x in role.essential} == {"Community engagement", "Heat pump advocacy"}
        roles.update_role(
            s, role_id, RoleInput(name=role.name, skills=(RoleSkillInput(label="Branding"),))
        )
    with db.session() as s:
        assert [x.label for x in roles.get_role(s, role_id).skills] == ["Branding"]
        roles.delete_role(s, role_id)
    with db.read_session() as s, pytest.raises(NotFound):
        roles.find_role(s, "Community Energy Organizer")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (RoleInput(name=" ", skills=(RoleSkillInput(label="Branding"),)), "name is required"),
        (RoleInput(name="Data analyst", skills=(RoleSkillInput(label="SQL"),)), "already exists"),
        (
            RoleInput(
                name="Other",
                skills=(RoleSkillInput(label="SQL", importance=Importance.OPTIONAL),),
            ),
            "at least one essential skill",
        ),
        (
            RoleInput(name="Other", skills=(RoleSkillInput(key="no-such-skill"),)),
            "Unknown skill key",
        ),
        (
            RoleInput(
                name="Other", skills=(RoleSkillInput(label="SQL"), RoleSkillInput(label="sql"))
            ),
            "listed twice",
        ),
    ],
)
def test_invalid_roles_are_refused_and_nothing_is_saved(db, data, message) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        before = len(roles.list_roles(s))
    with pytest.raises(ValidationError, match=message), db.session() as s:
        roles.create_role(s, data)
    with db.read_session() as s:
        assert len(roles.list_roles(s)) == before


def test_a_built_in_role_cannot_be_deleted_and_an_edited_one_survives_upgrades(
    db, monkeypatch
) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        role = roles.get_role(s, roles.find_role(s, "Data Analyst").id)
        with pytest.raises(UserError, match="built-in"):
            roles.delete_role(s, role.id)
        roles.update_role(
            s, role.id, RoleInput(name="Data Analyst", skills=(RoleSkillInput(label="SQL"),))
        )
    newer = json.loads(json.dumps(roles.builtin_roles()))
    newer["version"] = "2999.1.1"
    monkeypatch.setattr(roles, "builtin_roles", lambda: newer)
    with db.session() as s:
        roles.ensure_role_library(s)
        kept = roles.get_role(s, role.id)
    assert [x.label for x in kept.skills] == ["SQL"]
    assert kept.source is SkillSource.CUSTOM


def test_find_role_ignores_case_and_accents_and_names_close_matches(db) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        assert roles.find_role(s, "digital MARKETING coordinator").name == (
            "Digital Marketing Coordinator"
        )
        assert roles.find_role(s, "Prógram Officer (International Development)").name == (
            "Program Officer (International Development)"
        )
        with pytest.raises(NotFound) as err:
            roles.find_role(s, "Digital Marketting Coordinater")
    assert "No role called “Digital Marketting Coordinater”" in str(err.value)
    assert "“Digital Marketing Coordinator”" in str(err.value)


def test_target_roles_are_set_in_order_without_duplicates(demo_db) -> None:
    from portfolio.services.learners import find_learner

    with demo_db.session() as s:
        audrey = find_learner(s, "Audrey Heath").id
        a = roles.find_role(s, "Communications Officer").id
        b = roles.find_role(s, "Project Coordinator").id
        roles.set_target_roles(s, audrey, [b, a, b])
    with demo_db.session() as s:
        assert [r.id for r in roles.target_roles(s, audrey)] == [b, a]
        roles.remove_target_role(s, audrey, b)
        assert [r.id for r in roles.target_roles(s, audrey)] == [a]


def test_users_add_programs_with_validated_fields(db) -> None:
    with db.session() as s:
        programs.ensure_program_catalog(s)
        with pytest.raises(ValidationError, match="web address"):
            programs.add_program(s, ProgramInput(name="Course", url="javascript:alert(1)"))
        program_id = programs.add_program(
            s,
            ProgramInput(
                name="Email Marketing Essentials",
                provider="Camosun College",
                duration_weeks=3,
                skills=("email-marketing", "Newsletter design"),
            ),
        )
    with db.read_session() as s:
        added = programs.get_program(s, program_id)
    assert added.source is SkillSource.CUSTOM
    assert set(added.skill_labels) == {"Email marketing", "Newsletter design"}


def test_unknown_skills_are_the_names_a_save_would_invent_with_what_they_may_mean(db) -> None:
    from portfolio.services.goal_records import UnknownSkill

    with db.session() as s:
        roles.ensure_role_library(s)
        found = roles.unknown_skills(
            s, ["branding", "microsoft-azure", "Bradning", "SEO", "Risography", " "]
        )
    assert found == [
        UnknownSkill("Bradning", ("Branding",)),
        UnknownSkill("SEO", ("Search engine optimization",)),
        UnknownSkill("Risography", ()),
    ]
    assert roles.unknown_skill_message(found[0]) == (
        "No skill “Bradning” in the taxonomy; did you mean “Branding”?"
    )
    assert roles.unknown_skill_message(found[2]) == "No skill “Risography” in the taxonomy."
