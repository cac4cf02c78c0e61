"""Celery tasks of the reminders: the daily pass, run by beat (or eagerly, in-process)."""

import datetime

from celery import shared_task

from . import services


@shared_task(name="reminders.daily_pass")
def daily_pass(on: str | None = None) -> dict:
    """Run the daily pass for a day (ISO date; today in Stockholm when None)."""
    day = datetime.date.fromisoformat(on) if on else None
    report = services.daily_pass(day)
    return {
        "on": report.on.isoformat(),
        "due": report.due,
        "created": report.created,
        "sent": report.sent,
        "resolved": report.resolved,
        "failed": len(report.failed),
    }
