"""Learner Portfolio: credentials mapped to skills, exported as a tailored CV."""

__version__ = "0.1.0"
APP_NAME = "Learner Portfolio"
APP_ID = "learner-portfolio"
