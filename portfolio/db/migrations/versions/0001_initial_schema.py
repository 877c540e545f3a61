"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "learner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("website", sa.Text(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("cv_language", sa.String(length=16), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner")),
    )
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learner_name"), ["name"], unique=False)

    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "university",
                "college",
                "polytechnic",
                "nonprofit",
                "employer",
                "mooc_platform",
                "vendor",
                "government",
                "international",
                "other",
                name="orgkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("name_key", name=op.f("uq_organization_name_key")),
    )
    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("duration_text", sa.String(length=200), nullable=False),
        sa.Column("duration_weeks", sa.Float(), nullable=True),
        sa.Column(
            "delivery_mode",
            sa.Enum(
                "online", "in_person", "hybrid", name="deliverymode", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column(
            "credential_kind",
            sa.Enum(
                "degree",
                "diploma",
                "certificate",
                "bootcamp",
                "micro_credential",
                "digital_badge",
                "mooc",
                "program",
                "course",
                "professional_certification",
                "licence",
                name="credentialkind",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("credit_value", sa.Float(), nullable=True),
        sa.Column(
            "credit_unit",
            sa.Enum(
                "credits", "ects", "ceu", "hours", name="creditunit", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("stacks_toward", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "builtin",
                "esco",
                "custom",
                "imported",
                name="skillsource",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
        sa.UniqueConstraint("key", name=op.f("uq_program_key")),
    )
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("label_key", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("alt_labels", sa.JSON(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("uri", sa.String(length=500), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "builtin",
                "esco",
                "custom",
                "imported",
                name="skillsource",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
        sa.UniqueConstraint("key", name=op.f("uq_skill_key")),
        sa.UniqueConstraint("uri", name=op.f("uq_skill_uri")),
    )
    with op.batch_alter_table("skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_label_key"), ["label_key"], unique=False)

    op.create_table(
        "target_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "builtin",
                "esco",
                "custom",
                "imported",
                name="skillsource",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_role")),
        sa.UniqueConstraint("key", name=op.f("uq_target_role_key")),
        sa.UniqueConstraint("name_key", name=op.f("uq_target_role_name_key")),
    )
    op.create_table(
        "credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "degree",
                "diploma",
                "certificate",
                "bootcamp",
                "micro_credential",
                "digital_badge",
                "mooc",
                "program",
                "course",
                "professional_certification",
                "licence",
                name="credentialkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("issuer_id", sa.Integer(), nullable=True),
        sa.Column("field_of_study", sa.Text(), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=True),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("expiry_date", sa.String(length=10), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "in_progress",
                "completed",
                "expired",
                name="credentialstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("credential_id", sa.String(length=300), nullable=False),
        sa.Column("verification_url", sa.Text(), nullable=False),
        sa.Column("credit_value", sa.Float(), nullable=True),
        sa.Column(
            "credit_unit",
            sa.Enum(
                "credits", "ects", "ceu", "hours", name="creditunit", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("duration_value", sa.Float(), nullable=True),
        sa.Column(
            "duration_unit",
            sa.Enum("hours", "weeks", name="durationunit", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column(
            "assessment",
            sa.Enum(
                "none",
                "exam",
                "project",
                "portfolio",
                "assignments",
                "practical",
                "other",
                name="assessmenttype",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("assessment_note", sa.Text(), nullable=False),
        sa.Column(
            "delivery_mode",
            sa.Enum(
                "online", "in_person", "hybrid", name="deliverymode", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("evidence_links", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("stacks_into_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column(
            "verification_status",
            sa.Enum(
                "not_verified",
                "structure_valid",
                "signature_valid",
                "signature_invalid",
                "invalid",
                name="verificationstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("verification_note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["issuer_id"],
            ["organization.id"],
            name=op.f("fk_credential_issuer_id_organization"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_credential_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stacks_into_id"],
            ["credential.id"],
            name=op.f("fk_credential_stacks_into_id_credential"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential")),
    )
    with op.batch_alter_table("credential", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credential_issuer_id"), ["issuer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credential_learner_id"), ["learner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_credential_stacks_into_id"), ["stacks_into_id"], unique=False
        )

    op.create_table(
        "cv_variant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("template", sa.String(length=50), nullable=False),
        sa.Column("page_size", sa.String(length=10), nullable=False),
        sa.Column("target_role_id", sa.Integer(), nullable=True),
        sa.Column("focus_skill_ids", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_cv_variant_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_role_id"],
            ["target_role.id"],
            name=op.f("fk_cv_variant_target_role_id_target_role"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cv_variant")),
        sa.UniqueConstraint("learner_id", "name", name=op.f("uq_cv_variant_learner_id")),
    )
    with op.batch_alter_table("cv_variant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cv_variant_learner_id"), ["learner_id"], unique=False)

    op.create_table(
        "experience",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "work",
                "volunteer",
                "internship",
                "project",
                name="experiencekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=True),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("highlights", sa.JSON(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_experience_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_experience_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experience")),
    )
    with op.batch_alter_table("experience", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experience_learner_id"), ["learner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_experience_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "learner_language",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=100), nullable=False),
        sa.Column("fluency", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_learner_language_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner_language")),
    )
    with op.batch_alter_table("learner_language", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learner_language_learner_id"), ["learner_id"], unique=False
        )

    op.create_table(
        "learner_skill",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "awareness",
                "working",
                "proficient",
                "expert",
                name="skilllevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_learner_skill_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_learner_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("learner_id", "skill_id", name=op.f("pk_learner_skill")),
    )
    with op.batch_alter_table("learner_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_learner_skill_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "learner_target_role",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_learner_target_role_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["target_role.id"],
            name=op.f("fk_learner_target_role_role_id_target_role"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("learner_id", "role_id", name=op.f("pk_learner_target_role")),
    )
    with op.batch_alter_table("learner_target_role", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learner_target_role_role_id"), ["role_id"], unique=False
        )

    op.create_table(
        "program_skill",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "awareness",
                "working",
                "proficient",
                "expert",
                name="skilllevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_skill_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_program_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", "skill_id", name=op.f("pk_program_skill")),
    )
    with op.batch_alter_table("program_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_skill_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "role_skill",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column(
            "importance",
            sa.Enum("essential", "optional", name="importance", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "min_level",
            sa.Enum(
                "awareness",
                "working",
                "proficient",
                "expert",
                name="skilllevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["target_role.id"],
            name=op.f("fk_role_skill_role_id_target_role"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_role_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_id", "skill_id", name=op.f("pk_role_skill")),
    )
    with op.batch_alter_table("role_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_skill_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "session_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_session_note_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_note")),
    )
    with op.batch_alter_table("session_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_note_learner_id"), ["learner_id"], unique=False
        )

    op.create_table(
        "credential_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credential.id"],
            name=op.f("fk_credential_attachment_credential_id_credential"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_attachment")),
    )
    with op.batch_alter_table("credential_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credential_attachment_credential_id"), ["credential_id"], unique=False
        )

    op.create_table(
        "credential_skill",
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "awareness",
                "working",
                "proficient",
                "expert",
                name="skilllevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("evidence_note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credential.id"],
            name=op.f("fk_credential_skill_credential_id_credential"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_credential_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("credential_id", "skill_id", name=op.f("pk_credential_skill")),
    )
    with op.batch_alter_table("credential_skill", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credential_skill_skill_id"), ["skill_id"], unique=False
        )

    op.create_table(
        "cv_variant_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=True),
        sa.Column("experience_id", sa.Integer(), nullable=True),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum("pinned", "hidden", "auto", name="cvitemstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credential.id"],
            name=op.f("fk_cv_variant_item_credential_id_credential"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["experience_id"],
            ["experience.id"],
            name=op.f("fk_cv_variant_item_experience_id_experience"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_cv_variant_item_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["cv_variant.id"],
            name=op.f("fk_cv_variant_item_variant_id_cv_variant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cv_variant_item")),
    )
    with op.batch_alter_table("cv_variant_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cv_variant_item_credential_id"), ["credential_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cv_variant_item_experience_id"), ["experience_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cv_variant_item_skill_id"), ["skill_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cv_variant_item_variant_id"), ["variant_id"], unique=False
        )

    op.create_table(
        "experience_skill",
        sa.Column("experience_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "awareness",
                "working",
                "proficient",
                "expert",
                name="skilllevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("evidence_note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experience_id"],
            ["experience.id"],
            name=op.f("fk_experience_skill_experience_id_experience"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_experience_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("experience_id", "skill_id", name=op.f("pk_experience_skill")),
    )
    with op.batch_alter_table("experience_skill", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_experience_skill_skill_id"), ["skill_id"], unique=False
        )

    op.create_table(
        "pathway",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "rule",
            sa.Enum(
                "credits",
                "all_of",
                "counts_toward",
                name="pathwayrule",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("target_credential_id", sa.Integer(), nullable=True),
        sa.Column("target_title", sa.Text(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("credits_required", sa.Float(), nullable=True),
        sa.Column(
            "credit_unit",
            sa.Enum(
                "credits", "ects", "ceu", "hours", name="creditunit", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_pathway_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_pathway_program_id_program"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_credential_id"],
            ["credential.id"],
            name=op.f("fk_pathway_target_credential_id_credential"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pathway")),
    )
    with op.batch_alter_table("pathway", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pathway_learner_id"), ["learner_id"], unique=False)

    op.create_table(
        "recognition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("credit_value", sa.Float(), nullable=True),
        sa.Column(
            "credit_unit",
            sa.Enum(
                "credits", "ects", "ceu", "hours", name="creditunit", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("recognized_on", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credential.id"],
            name=op.f("fk_recognition_credential_id_credential"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["organization.id"],
            name=op.f("fk_recognition_institution_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition")),
    )
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recognition_credential_id"), ["credential_id"], unique=False
        )

    op.create_table(
        "session_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
            name=op.f("fk_session_action_learner_id_learner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["session_note.id"],
            name=op.f("fk_session_action_note_id_session_note"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_action")),
    )
    with op.batch_alter_table("session_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_action_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_session_action_note_id"), ["note_id"], unique=False)

    op.create_table(
        "pathway_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=True),
        sa.Column("planned_title", sa.Text(), nullable=False),
        sa.Column("credit_value", sa.Float(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credential.id"],
            name=op.f("fk_pathway_item_credential_id_credential"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["pathway.id"],
            name=op.f("fk_pathway_item_pathway_id_pathway"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pathway_item")),
    )
    with op.batch_alter_table("pathway_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pathway_item_credential_id"), ["credential_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pathway_item_pathway_id"), ["pathway_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pathway_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_item_pathway_id"))
        batch_op.drop_index(batch_op.f("ix_pathway_item_credential_id"))

    op.drop_table("pathway_item")
    with op.batch_alter_table("session_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_action_note_id"))
        batch_op.drop_index(batch_op.f("ix_session_action_learner_id"))

    op.drop_table("session_action")
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_credential_id"))

    op.drop_table("recognition")
    with op.batch_alter_table("pathway", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_learner_id"))

    op.drop_table("pathway")
    with op.batch_alter_table("experience_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experience_skill_skill_id"))

    op.drop_table("experience_skill")
    with op.batch_alter_table("cv_variant_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cv_variant_item_variant_id"))
        batch_op.drop_index(batch_op.f("ix_cv_variant_item_skill_id"))
        batch_op.drop_index(batch_op.f("ix_cv_variant_item_experience_id"))
        batch_op.drop_index(batch_op.f("ix_cv_variant_item_credential_id"))

    op.drop_table("cv_variant_item")
    with op.batch_alter_table("credential_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_skill_skill_id"))

    op.drop_table("credential_skill")
    with op.batch_alter_table("credential_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_attachment_credential_id"))

    op.drop_table("credential_attachment")
    with op.batch_alter_table("session_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_note_learner_id"))

    op.drop_table("session_note")
    with op.batch_alter_table("role_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_skill_skill_id"))

    op.drop_table("role_skill")
    with op.batch_alter_table("program_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_skill_skill_id"))

    op.drop_table("program_skill")
    with op.batch_alter_table("learner_target_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learner_target_role_role_id"))

    op.drop_table("learner_target_role")
    with op.batch_alter_table("learner_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learner_skill_skill_id"))

    op.drop_table("learner_skill")
    with op.batch_alter_table("learner_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learner_language_learner_id"))

    op.drop_table("learner_language")
    with op.batch_alter_table("experience", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experience_organization_id"))
        batch_op.drop_index(batch_op.f("ix_experience_learner_id"))

    op.drop_table("experience")
    with op.batch_alter_table("cv_variant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cv_variant_learner_id"))

    op.drop_table("cv_variant")
    with op.batch_alter_table("credential", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_stacks_into_id"))
        batch_op.drop_index(batch_op.f("ix_credential_learner_id"))
        batch_op.drop_index(batch_op.f("ix_credential_issuer_id"))

    op.drop_table("credential")
    op.drop_table("target_role")
    with op.batch_alter_table("skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_label_key"))

    op.drop_table("skill")
    op.drop_table("program")
    op.drop_table("organization")
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learner_name"))

    op.drop_table("learner")
    op.drop_table("app_meta")
