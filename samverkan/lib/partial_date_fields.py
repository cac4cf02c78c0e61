"""Model and form fields for `PartialDate` (stored as ISO text, which sorts correctly)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .partial_dates import InvalidPartialDate, PartialDate


def _to_partial(value: Any) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.date):
        return PartialDate.from_date(value)
    return PartialDate.parse(str(value))


class PartialDateField(models.CharField):
    description = _("A date known to the year, the month or the day")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = 10
        super().__init__(*args, **kwargs)
        # The value is a PartialDate, which parsing already bounds; a length check cannot apply.
        self.__dict__["validators"] = [
            v for v in self.validators if not isinstance(v, MaxLengthValidator)
        ]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> PartialDate | None:
        return _to_partial(value)

    def to_python(self, value: Any) -> PartialDate | None:
        try:
            return _to_partial(value)
        except InvalidPartialDate as error:
            raise ValidationError(str(error.args[0]), code="invalid") from error

    def get_prep_value(self, value: Any) -> str | None:
        partial = self.to_python(value)
        return partial.isoformat() if partial is not None else None

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if value is not None else ""

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


class PartialDateInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, PartialDate):
            return value.isoformat()
        return super().format_value(value)


class PartialDateFormField(forms.Field):
    widget = PartialDateInput
    default_help_text = _("A year (2014), a month (2014-05) or a day (2014-05-12).")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for unused in ("max_length", "min_length", "strip", "empty_value"):
            kwargs.pop(unused, None)
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": "10", "inputmode": "numeric"}

    def to_python(self, value: Any) -> PartialDate | None:
        text = value.strip() if isinstance(value, str) else value
        if "\x00" in str(text or ""):
            raise ValidationError(_("Null characters are not allowed."), code="null_characters")
        try:
            return _to_partial(text)
        except InvalidPartialDate as error:
            raise ValidationError(str(error.args[0]), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, PartialDate):
            return value.isoformat()
        return value
