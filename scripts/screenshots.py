"""Render the main pages with the demo data offscreen: `scripts/screenshots.py OUT_DIR [--db PATH]`.

Without --db, a temporary portfolio with the demo learners is used. One PNG per page.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--db", type=Path, help="portfolio to show (default: fresh demo data)")
    parser.add_argument("--learner", default="Samantha Kolb")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PORTFOLIO_HOME"] = tmp  # never touch the real settings
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from portfolio.app import build_window, make_app
        from portfolio.db import open_database
        from portfolio.services.demo import load_demo
        from portfolio.ui.pages import PAGES
        from portfolio.ui.settings import open_settings

        database = open_database(args.db or Path(tmp) / "demo.sqlite")
        if args.db is None:
            with database.session() as session:
                load_demo(session)
        app = make_app()
        window = build_window(
            database, settings=open_settings(Path(tmp) / "s.ini"), learner=args.learner,
            serial_tasks=True,
        )  # fmt: skip
        window.resize(1280, 800)
        window.show()
        args.out_dir.mkdir(parents=True, exist_ok=True)

        def settle(seconds: float = 0.0) -> None:
            # Debounced work (the CV preview, suggestions) runs on timers: let them fire.
            deadline = time.monotonic() + seconds
            while True:
                for _ in range(5):
                    app.processEvents()
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.05)

        names = [page.title.lower() for page in PAGES]
        for index, name in enumerate(names):
            window.show_page(index)
            settle(2.0 if name == "cv" else 0.0)
            window.grab().save(str(args.out_dir / f"{index + 1:02d}-{name}.png"))
            if name == "credentials":
                page = window.current_page()
                page.view.selectRow(1)

                def shoot_editor() -> None:
                    dialog = QApplication.activeModalWidget()
                    if dialog is not None:
                        settle()
                        dialog.grab().save(str(args.out_dir / "02b-credential-editor.png"))
                        dialog.reject()

                QTimer.singleShot(200, shoot_editor)
                page.edit()
        # Stacked micro-courses under the degree they count toward (a second demo learner).
        stacked = next((x for x in window._learners if x.name == "Audrey Heath"), None)
        if stacked is not None and args.db is None:
            window.set_learner(stacked.id)
            window.show_page(1)
            settle()
            window.grab().save(str(args.out_dir / "02c-credentials-stacked.png"))
        window.close()
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
