"""Sample data of the demo server: agents and their lists here; customers, products (with their
knowledge articles, FR and EN) and tickets in sample_data.json beside this file.

The demo's simulated callers ring from +33612345678 (Camille Martin), +33145678901 (Lucas
Bernard) and +442079460123 (Olivia Smith); +33698765432 belongs to nobody, on purpose.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

UNKNOWN_NUMBER = "+33698765432"
SIP_PASSWORD = "demo-sip"  # noqa: S105 - sample data of a local demo
SIP_DOMAIN = "127.0.0.1"  # the app replaces it (and the port) in demo mode
WRAP_UP_SECONDS = 30


@dataclass(frozen=True)
class SampleAgent:
    id: str
    username: str
    password: str
    display_name: str
    language: str
    queues: tuple[str, ...]
    sip_username: str


AGENTS: tuple[SampleAgent, ...] = (
    SampleAgent("AG001", "agent", "demo", "Agent Démo", "fr", ("support-fr", "ventes-fr"), "agent"),
    SampleAgent("AG002", "agent.en", "demo", "Demo Agent", "en", ("support-en",), "agent.en"),
)

# code -> (French label, English label)
NOT_READY_REASONS = {
    "break": ("Pause", "Break"),
    "lunch": ("Déjeuner", "Lunch"),
    "training": ("Formation", "Training"),
    "meeting": ("Réunion", "Meeting"),
    "admin": ("Tâches administratives", "Paperwork"),
}
DISPOSITIONS = {
    "resolved": ("Résolu", "Resolved"),
    "callback": ("Rappel prévu", "Callback planned"),
    "escalated": ("Transmis au niveau 2", "Escalated to level 2"),
    "info_given": ("Information donnée", "Information given"),
    "wrong_number": ("Faux numéro", "Wrong number"),
}
TICKET_CATEGORIES = {
    "request": ("Demande", "Request"),
    "complaint": ("Réclamation", "Complaint"),
    "information": ("Information", "Information"),
    "other": ("Autre", "Other"),
}


@dataclass(frozen=True)
class SampleData:
    """As in the JSON file: lists of objects whose keys are the API's field names."""

    customers: list[dict[str, Any]]
    products: list[dict[str, Any]]
    tickets: list[dict[str, Any]]


@functools.cache
def load() -> SampleData:
    text = resources.files(__package__).joinpath("sample_data.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return SampleData(data["customers"], data["products"], data["tickets"])
