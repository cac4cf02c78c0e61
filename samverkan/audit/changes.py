"""What changed between two states of a record, as people read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from samverkan.lib.partial_dates import PartialDate

IGNORED_FIELDS = {"id", "version", "created_at", "updated_at"}


@dataclass
class FieldChange:
    field: str
    before: str
    after: str


def display_value(field: models.Field, value: Any, related: dict[tuple[type, Any], Any]) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    if field.is_relation and field.related_model is not None:
        obj = related.get((field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    return str(value)


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in IGNORED_FIELDS and not field.name.startswith("history_")
    ]


def field_changes(
    model: type[models.Model],
    before: Any,
    after: Any,
    related: dict[tuple[type, Any], Any] | None = None,
) -> list[FieldChange]:
    """The fields of `model` whose values differ between two objects carrying its attributes."""
    related = related if related is not None else _load_related(model, [before, after])
    changes = []
    for field in tracked_fields(model):
        old = getattr(before, field.attname, None)
        new = getattr(after, field.attname, None)
        if _normalise(old) != _normalise(new):
            changes.append(
                FieldChange(
                    field=str(field.verbose_name),
                    before=display_value(field, old, related),
                    after=display_value(field, new, related),
                )
            )
    return changes


def _normalise(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.isoformat()
    return value


def _load_related(model: type[models.Model], objects: list[Any]) -> dict[tuple[type, Any], Any]:
    return load_related_of_many([(model, objects)])


def load_related_of_many(
    groups: list[tuple[type[models.Model], list[Any]]],
) -> dict[tuple[type, Any], Any]:
    """Fetch the objects that foreign keys of all groups point at, one query per related model."""
    wanted: dict[type, set[Any]] = {}
    for model, objects in groups:
        for field in tracked_fields(model):
            if field.is_relation and field.related_model is not None:
                for obj in objects:
                    value = getattr(obj, field.attname, None)
                    if value is not None:
                        wanted.setdefault(field.related_model, set()).add(value)
    related: dict[tuple[type, Any], Any] = {}
    for related_model, pks in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=pks):
            related[(related_model, obj.pk)] = obj
    return related
