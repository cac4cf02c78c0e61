"""API writes go through the same Django forms as the pages, so every rule has one home.

`input_serializer(FormClass)` describes a form's fields as a DRF serializer (for the OpenAPI
schema and for type checks); `bind(...)` fills the form from JSON; `validated(form)` raises
FormInvalid (400, per field) when the form refuses it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverkan.lib.partial_date_fields import PartialDateFormField

from .exceptions import FormInvalid

PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
VERSION_HELP = "The version of the record you started from (from its last GET); 409 if stale."


@extend_schema_field(
    {"type": "string", "pattern": PARTIAL_DATE_PATTERN, "example": "2014-05", "nullable": True}
)
class PartialDateText(serializers.CharField):
    """A date of record as text ("2014", "2014-05", "2014-05-12"); the form parses it, so that
    a malformed one gets the same message in the API as on the page."""


def _serializer_field(field: forms.Field, *, partial: bool) -> serializers.Field:
    # Lazy texts stay lazy: the schema is rendered in the language asked for.
    common: dict[str, Any] = {
        "required": field.required and not partial,
        "help_text": field.help_text or None,
        "label": field.label or None,
    }
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(min_value=1), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(min_value=1, allow_null=not field.required, **common)
    if isinstance(field, PartialDateFormField):
        return PartialDateText(
            allow_null=not field.required, allow_blank=not field.required, **common
        )
    if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0] != ""], **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, forms.DecimalField):  # a subclass of IntegerField: ask first
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            min_value=field.min_value,
            max_value=field.max_value,
            allow_null=not field.required,
            coerce_to_string=False,
            **common,
        )
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value,
            max_value=field.max_value,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not field.required, **common)
    max_length = getattr(field, "max_length", None)
    return serializers.CharField(
        allow_blank=not field.required, max_length=max_length, trim_whitespace=False, **common
    )


@cache
def input_serializer(
    form_class: type[forms.BaseForm],
    *,
    name: str,
    partial: bool = False,
    with_version: bool = False,
    extra: tuple[tuple[str, type], ...] = (),
) -> type[serializers.Serializer]:
    """A serializer with the fields of `form_class` (for writes); cached per combination."""
    fields: dict[str, serializers.Field] = {}
    for field_name, field in form_class.base_fields.items():
        if field_name == "version":
            continue
        fields[field_name] = _serializer_field(field, partial=partial)
    for field_name, field_class in extra:
        fields[field_name] = field_class()
    if with_version:
        fields["version"] = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)
    return type(name, (serializers.Serializer,), fields)


def _as_form_value(value: Any) -> list[str]:
    if value is None:
        return [""]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def bind(
    form_class: type[forms.BaseForm],
    payload: dict[str, Any],
    *,
    instance: Any = None,
    partial: bool = False,
    **form_kwargs: Any,
) -> forms.BaseForm:
    """The form, bound to the JSON payload; with `partial`, missing fields keep their values."""
    if instance is not None:
        form_kwargs["instance"] = instance
    data = MultiValueDict()
    if partial:
        current = form_class(**form_kwargs)
        for field_name in current.fields:
            value = current[field_name].value()
            if isinstance(value, list | tuple):
                data.setlist(field_name, [str(v) for v in value])
            elif isinstance(value, bool):
                data.setlist(field_name, ["true" if value else "false"])
            elif value is not None:
                data.setlist(field_name, [str(value)])
    for key, value in payload.items():
        data.setlist(key, _as_form_value(value))
    return form_class(data=data, **form_kwargs)


def validated(form: forms.BaseForm) -> forms.BaseForm:
    """The form if valid; FormInvalid with its errors per field otherwise."""
    if not form.is_valid():
        raise FormInvalid(
            {
                ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in form.errors.items()
            }
        )
    return form
