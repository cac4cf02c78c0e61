"""Replaying the demo partnership's history on the days it happened.

The services date what they record by the clock (`timezone.now()`): a signature, an agreement's
entry into force, a termination, a secrecy marking, the start of an activity (judged against the
agreements in force that day) and every entry of the history. The demo replays twelve years of
collaboration through those same services, so it sets the clock to each event's day while the
event is recorded: the rules are checked as they stood then, and the history tells the story in
its order. The clock never runs ahead of the real one: an event dated after today is recorded
today.

Only the demo loader turns the clock back, in its own process (`manage.py load_demo` or a test),
never while the application serves requests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from samverkan.lib.pdf import blank_pdf

# Events are recorded at ten in the morning of their day, Swedish time.
_HOUR = datetime.time(10, 0)


@contextmanager
def on(day: datetime.date) -> Iterator[None]:
    """Record what happens inside as happening on `day` (or now, if `day` is still to come)."""
    real_now = timezone.now
    if getattr(real_now, "_demo_clock", False):
        raise RuntimeError("The demo clock is already turned back.")
    moment = datetime.datetime.combine(day, _HOUR, tzinfo=timezone.get_current_timezone())
    if moment > real_now():
        moment = real_now()

    def now() -> datetime.datetime:
        return moment

    now._demo_clock = True  # type: ignore[attr-defined]
    timezone.now = now
    try:
        yield
    finally:
        timezone.now = real_now


def pdf(name: str, text: str) -> ContentFile:
    """An upload of a small PDF whose metadata carries `text` (the demo's documents and scans)."""
    return ContentFile(blank_pdf(text=text), name=name)


@dataclass(frozen=True)
class Cast:
    """Who and what the demo's activities, agreements and exchanges are about, by short key."""

    partnership: Any
    parties: dict[str, Any]  # "stad", "kth": Party of the partnership
    units: dict[str, Any]
    people: dict[str, Any]
    users: dict[str, Any]
    areas: dict[str, Any]  # "competence", "research", "exchanges"

    def organisation(self, party: str) -> Any:
        return self.parties[party].organisation
