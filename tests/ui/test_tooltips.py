"""The controls whose meaning is not obvious from their label explain themselves on hover."""

from __future__ import annotations


def test_non_obvious_controls_have_tooltips(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    credentials, skills, goals, cv = (window.page(i) for i in (1, 3, 4, 6))
    tips = {
        "group stacked": credentials.group.toolTip(),
        "expiry button": window.expiry_button.toolTip(),
        "QR codes": cv.qr_codes.toolTip(),
        "skill strength": cv.show_levels.toolTip(),
        "pinned": cv.items.headerItem().toolTip(1),
        "target role": cv.role.toolTip(),
        "variants": cv.variants.toolTip(),
        "coverage": goals.coverage_bar.toolTip(),
        "evidence count": skills.table.headerItem().toolTip(2),
        "strongest level": skills.table.headerItem().toolTip(3),
    }
    assert [name for name, tip in tips.items() if not tip] == []
    assert "verification link" in tips["QR codes"]
    assert "level" in tips["skill strength"]
    assert "count toward" in tips["group stacked"]
    assert "twice" in tips["coverage"]
