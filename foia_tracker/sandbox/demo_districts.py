"""The fictional school districts `foia demo` writes to (package data, `.example` domains)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

from .agencies import AgencyProfile


@dataclass(frozen=True)
class DemoDistrict:
    name: str
    state: str
    email: str
    external_id: str
    contact_name: str
    address: str
    phone: str
    kind: str
    delivery: str
    behaviour: str


def demo_districts_csv() -> str:
    """The shipped CSV, in the `foia agencies import` format (`behaviour` is kept as extra)."""
    return resources.files("foia_tracker").joinpath("demo_data/districts.csv").read_text("utf-8")


def load_demo_districts() -> list[DemoDistrict]:
    return [DemoDistrict(**row) for row in csv.DictReader(io.StringIO(demo_districts_csv()))]


def profiles_from_districts(districts: list[DemoDistrict]) -> dict[str, AgencyProfile]:
    """Behaviours keyed by email address, for `Sandbox(workdir, behaviours)`."""
    return {
        d.email: AgencyProfile(d.email, d.name, d.state, d.behaviour, d.contact_name)
        for d in districts
        if d.email
    }
