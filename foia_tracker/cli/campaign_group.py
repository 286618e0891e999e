"""``foia campaign``: the group alone. Its commands are attached from the registry
(cli/__init__.py) so that ``campaign send`` does not load the letter renderer (Jinja2) that
``create``, ``add``, ``rerender`` and ``preview`` need (cli/campaign.py)."""

from __future__ import annotations

import click


@click.group()
def campaign() -> None:
    """Request campaigns: one letter per agency, previewed before anything is sent.

    Example: foia campaign create mou-2026 --template student-data-agreements --state CT
    --var period="from January 1, 2020 to the date of this request"
    """
