"""The ``ironriver`` command line (the typer app is in :mod:`orchestration.cli.app`)."""

from orchestration.cli.app import app

__all__ = ["app"]
