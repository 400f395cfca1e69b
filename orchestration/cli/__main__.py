"""``python -m orchestration.cli``: the ``ironriver`` command."""

from orchestration.cli.app import app

app()
