"""Run the command line as ``python -m kompetanse_skos``."""

from kompetanse_skos.cli import cli

cli()
