"""Run-time data shipped with the app (installed as the package `portfolio.resources`)."""
