"""The base of every form that edits a record: styling, accessible errors, lost-update checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from samverkan.lib.ids import parse_id

from .services import (
    EditConflict,
    RecordClash,
    RecordGone,
    create_record,
    refusing_clashes,
    save_versioned,
)

# Primary keys are 64-bit; a larger number sent to the database fails there (SQLite raises
# OverflowError, PostgreSQL a DataError) instead of being refused as an invalid choice.
# ModelForm's own foreign-key fields name the key ("id"); hand-declared ones name nothing.
ID_FIELDS = (None, "id", "pk")


def _is_id(value: Any) -> bool:
    return parse_id(value) is not None


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and self.to_field_name in ID_FIELDS and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value:
            if self.to_field_name in ID_FIELDS and not _is_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:50]},
                )
        return super()._check_values(value)


class CompactSelectMixin:
    """A select rendered in Python rather than one template per option: the same HTML as
    Django's templates (attributes, groups, escaping), at a tenth of the cost. A list's unit
    filter holds every unit of the partnership's organisations, over a hundred options on
    every page of a large partnership (issue 8, docs/performance.md)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                (
                    (str(o["value"]), mark_safe(" selected") if o["selected"] else "", o["label"])
                    for o in options
                ),
            )
            if group_name:
                rendered = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
                )
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308 (each part escaped above)
        )


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's attrs.html: in order, `True` as the bare name, `False` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class CompactSelect(CompactSelectMixin, forms.Select):
    pass


class CompactSelectMultiple(CompactSelectMixin, forms.SelectMultiple):
    pass


COMPACT_WIDGETS = {forms.Select: CompactSelect, forms.SelectMultiple: CompactSelectMultiple}


def _make_safe(field: forms.Field) -> None:
    if type(field) is forms.ModelMultipleChoiceField:
        field.__class__ = SafeModelMultipleChoiceField
    elif type(field) is forms.ModelChoiceField:
        field.__class__ = SafeModelChoiceField


class StyledFormMixin:
    """Bootstrap classes, and errors and help text tied to their inputs for screen readers.

    Also guards every choice of a record against ids no database can hold (lib/ids.py).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            _make_safe(field)
            widget = field.widget
            if type(widget) in COMPACT_WIDGETS:
                widget.__class__ = COMPACT_WIDGETS[type(widget)]
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self.auto_id % name}_helptext"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                self.mark_invalid(name)

    def mark_invalid(self, name: str) -> None:
        widget = self.fields[name].widget  # type: ignore[attr-defined]
        field_id = self.auto_id % name  # type: ignore[attr-defined]
        described = widget.attrs.get("aria-describedby", "")
        if f"{field_id}_error" not in described:
            widget.attrs["aria-describedby"] = f"{field_id}_error {described}".strip()
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"


class StyledForm(StyledFormMixin, forms.Form):
    pass


class RecordForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm for a `Record`: carries the version it was opened at.

    `save_record(actor)` saves through `save_versioned`; on a lost-update conflict it adds the
    conflict to the form (nothing is saved) and returns False.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )

    # Fields the view sets on the instance rather than the user choosing them (the record's
    # parent). Validated with the rest so that constraints naming them (a clause number unique
    # within its partnership) are checked before saving, not left to the database.
    parent_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        # The user filling in the form: choices of people are limited to those they may see.
        self.user = user
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _get_validation_exclusions(self) -> set[str]:
        return super()._get_validation_exclusions() - set(self.parent_fields)

    def persist(self, actor: Any) -> None:
        """Save the validated form's record (and its many-to-many choices) in one transaction.

        Raises EditConflict or RecordGone (audit.services), or RecordClash when the database
        refuses a duplicate someone saved in the meantime. The API maps these to 409 and 404.
        """
        instance = self.instance
        with refusing_clashes():
            if instance.pk is None:
                create_record(instance, actor=actor)
            else:
                expected = self.cleaned_data.get("version") or 0
                save_versioned(instance, expected_version=expected, actor=actor)
            self._save_m2m()

    def save_record(self, actor: Any) -> bool:
        """`persist`, with any refusal shown on the form (nothing saved): for the pages."""
        try:
            self.persist(actor)
        except EditConflict as conflict:
            self.show_conflict(conflict)
            return False
        except (RecordGone, RecordClash) as refusal:
            self.add_error(None, refusal.message)
            return False
        return True

    def show_conflict(self, conflict: EditConflict) -> None:
        self.conflict = conflict
        self.add_error(None, conflict.message)
        # Resubmitting now means "I have seen their changes": it is based on the current version.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = conflict.current.version
