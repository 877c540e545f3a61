"""Package list for setuptools (everything else is in pyproject.toml).

The top-level resources/ folder is installed as `portfolio.resources`; pyproject's
`packages.find` cannot combine discovery with that mapping, so the list is computed here.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["portfolio", "portfolio.*"]), "portfolio.resources"])
