"""Saving a record without losing someone else's update."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from .changes import FieldChange, field_changes


@dataclass
class EditConflict(Exception):
    """Someone saved the record after the editor opened it.

    `current` is the record as saved now; `changes` what the other save(s) changed since the
    version the editor started from; `changed_by` who saved last.
    """

    current: models.Model
    changes: list[FieldChange]
    changed_by: Any

    @property
    def message(self) -> str:
        return str(
            _(
                "Someone else saved this record after you opened it. Nothing of yours was "
                "saved. Their changes are shown below; check your values and save again."
            )
        )


class RecordGone(Exception):
    """The record was deleted after the editor opened it."""

    message = _("This record was deleted by someone else after you opened it.")


CLASH_MESSAGE = _(
    "This record clashes with one that someone else has just saved (for example the same "
    "number twice). Nothing was saved; check the values and save again."
)


class RecordClash(Exception):
    """The database refused the save as a duplicate of a record saved in the meantime."""

    def __init__(self, message=CLASH_MESSAGE) -> None:
        super().__init__(str(message))
        self.message = message


@contextmanager
def refusing_clashes() -> Iterator[None]:
    """A transaction in which the database's refusal of a duplicate (a unique constraint
    someone else's save got to first) becomes RecordClash instead of a server error."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise RecordClash() from error


def save_versioned(instance: models.Model, *, expected_version: int, actor: Any) -> None:
    """Save `instance` only if its stored version is still `expected_version`.

    The version check and the save happen in one transaction, with a conditional UPDATE that
    both databases apply atomically, so two editors cannot both pass it.
    Raises EditConflict (nothing saved) or RecordGone. Permissions are the caller's business.
    """
    refuse_masked(instance)
    model = type(instance)
    manager = model._default_manager
    with transaction.atomic():
        bumped = manager.filter(pk=instance.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not bumped:
            current = manager.filter(pk=instance.pk).first()
            if current is None:
                raise RecordGone()
            raise _conflict(current, expected_version)
        instance.version = expected_version + 1  # type: ignore[attr-defined]
        instance._history_user = actor  # type: ignore[attr-defined]
        instance.save()


def refuse_masked(instance: models.Model) -> None:
    """A record read with its secret parts masked (agreements.confidentiality) must never be
    saved: the masks would overwrite the secret values."""
    if getattr(instance, "_masked", False):
        raise RuntimeError(f"{type(instance).__name__} #{instance.pk} is masked; not saved.")


def refresh_unless_masked(instance: models.Model) -> None:
    """Bring the caller's instance up to date after a service changed the row, unless it was
    read masked: reloading it would put the secret values back into an object its reader may
    not see (read it again through `for_user` instead)."""
    if not getattr(instance, "_masked", False):
        instance.refresh_from_db()


def create_record(instance: models.Model, *, actor: Any) -> models.Model:
    """Save a new record with `actor` as the author of its first history entry."""
    refuse_masked(instance)
    instance._history_user = actor  # type: ignore[attr-defined]
    instance.save()
    return instance


def delete_record(
    instance: models.Model, *, actor: Any, expected_version: int | None = None
) -> None:
    """Delete a record; the history keeps a last entry saying who deleted it.

    With `expected_version`, only if nobody saved the record since that version (a delete
    must not erase an edit made a moment earlier unseen): EditConflict or RecordGone otherwise.
    """
    if expected_version is None:
        instance._history_user = actor  # type: ignore[attr-defined]
        instance.delete()
        return
    manager = type(instance)._default_manager
    with transaction.atomic():
        current = manager.select_for_update().filter(pk=instance.pk).first()
        if current is None:
            raise RecordGone()
        if current.version != expected_version:  # type: ignore[attr-defined]
            raise _conflict(current, expected_version)
        current._history_user = actor  # type: ignore[attr-defined]
        current.delete()


def _conflict(current: models.Model, expected_version: int) -> EditConflict:
    """The refusal of a save or removal based on `expected_version`, with what changed since."""
    return EditConflict(
        current=current,
        changes=changes_since(current, expected_version),
        changed_by=_last_editor(current),
    )


def changes_since(current: models.Model, version: int) -> list[FieldChange]:
    then = current.history.filter(version=version).first()  # type: ignore[attr-defined]
    if then is None:
        return []
    return field_changes(type(current), then, current)


def _last_editor(current: models.Model) -> Any:
    latest = current.history.select_related("history_user").first()  # type: ignore[attr-defined]
    return latest.history_user if latest else None
