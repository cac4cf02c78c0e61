"""The audit trail as people read it: who changed what, when, in one or more kinds of record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .changes import (
    FieldChange,
    _load_related,
    display_value,
    field_changes,
    load_related_of_many,
    tracked_fields,
)

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
LABEL_FIELDS = ("name", "heading", "title")
# Records without a name of their own are labelled by what they point at.
LABEL_RELATIONS = ("person", "organisation", "party", "user")


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: Any
    kind: str
    record_type: str
    record_label: str
    changes: list[FieldChange] = field(default_factory=list)
    # Set when the reader may not know who made the change.
    who_hidden: bool = False

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _label(model: type[models.Model], record: Any, related: dict[tuple[type, Any], Any]) -> str:
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    fields = {f.name: f for f in tracked_fields(model)}
    for name in LABEL_RELATIONS:
        field = fields.get(name)
        if field is not None and field.related_model is not None:
            target = related.get((field.related_model, getattr(record, field.attname, None)))
            if target is not None:
                return str(target)
    return f"#{record.id}"


def entries_for(
    model: type[models.Model],
    records: Iterable[Any],
    related: dict[tuple[type, Any], Any] | None = None,
) -> list[HistoryEntry]:
    """History entries for the historical `records` of `model` (any objects, any order).

    `related` maps (model, pk) to the objects foreign keys name; loaded here when not given.
    """
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    if related is None:
        related = _load_related(model, ordered)
    entries = []
    previous: dict[Any, Any] = {}
    for record in ordered:
        before = previous.get(record.id)
        if record.history_type == "+" or before is None:
            changes = [
                FieldChange(
                    str(f.verbose_name), "", display_value(f, getattr(record, f.attname), related)
                )
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
                record_label=_label(model, record, related),
                changes=changes,
            )
        )
    return entries


def combined(*sources: tuple[type[models.Model], Any]) -> list[HistoryEntry]:
    """Entries of several kinds of record, newest first.

    Each source is (model, a queryset of its historical records); one query per source, plus
    one per model that foreign keys point at.
    """
    fetched = [
        (model, list(history_queryset.select_related("history_user")))
        for model, history_queryset in sources
    ]
    related = load_related_of_many(fetched)
    entries: list[HistoryEntry] = []
    for model, records in fetched:
        entries.extend(entries_for(model, records, related))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
