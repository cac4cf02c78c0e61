"""The audit trail as people read it: who changed what, when, in one or more kinds of record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .changes import FieldChange, _load_related, display_value, field_changes, tracked_fields

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
LABEL_FIELDS = ("name", "heading", "title")


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: Any
    kind: str
    record_type: str
    record_label: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _label(model: type[models.Model], record: Any) -> str:
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.id}"


def entries_for(model: type[models.Model], records: Iterable[Any]) -> list[HistoryEntry]:
    """History entries for the historical `records` of `model` (any objects, any order).

    Reads the records once and the objects their foreign keys name once per related model.
    """
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    related = _load_related(model, ordered)
    entries = []
    previous: dict[Any, Any] = {}
    for record in ordered:
        before = previous.get(record.id)
        if record.history_type == "+" or before is None:
            changes = [
                FieldChange(str(f.verbose_name), "", display_value(f, getattr(record, f.attname), related))
                for f in tracked_fields(model)
                if getattr(record, f.attname) not in (None, "")
            ]
        elif record.history_type == "-":
            changes = []
        else:
            changes = field_changes(model, before, record, related)
        previous[record.id] = record
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing a person would see
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                record_type=str(model._meta.verbose_name),
                record_label=_label(model, record),
                changes=changes,
            )
        )
    return entries


def combined(*sources: tuple[type[models.Model], Any]) -> list[HistoryEntry]:
    """Entries of several kinds of record, newest first.

    Each source is (model, a queryset of its historical records); one query per source, plus
    one per model that foreign keys point at.
    """
    entries: list[HistoryEntry] = []
    for model, history_queryset in sources:
        entries.extend(entries_for(model, history_queryset.select_related("history_user")))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
