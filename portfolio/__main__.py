from portfolio.cli import run

run()
