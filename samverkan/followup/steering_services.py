"""Workflows of the steering group's meetings: attendees, the minutes document, action items.

Services do not check permissions: the pages (steering_views.py) and the API (steering_api.py)
ask `access.can_record_dialogues` first. Each runs in one transaction and raises a DomainError
(on the form field it concerns), audit's EditConflict or RecordGone; nothing is saved then.

Lock order, where both are taken: the meeting's row, then its action items. A meeting's date
and its items' due dates are checked against each other under the meeting's lock, so two
people moving the one and setting the other at the same moment cannot break the rule that no
action item is due before its meeting.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.audit.services import RecordGone, create_record, save_versioned
from samverkan.lib.errors import DomainError
from samverkan.lib.pdf import check_pdf
from samverkan.organisations.models import Person
from samverkan.partnerships.models import Partnership, Party

from .models import ActionItem, MeetingAttendee, SteeringMeeting


class MeetingError(DomainError):
    """A rule of the steering group's meetings refused the change."""


# Attendees and parties


def parties_of(people: Iterable[Person], partnership: Partnership) -> dict[int, Party]:
    """The party each person attends for (by person id): their own organisation's.

    Raises MeetingError on `attendees` for the first person whose organisation is not a party:
    the MoU's steering group is made of the parties' own representatives.
    """
    by_organisation = {party.organisation_id: party for party in partnership.parties.all()}
    parties = {}
    for person in people:
        party = by_organisation.get(person.organisation_id)
        if party is None:
            raise MeetingError(
                _(
                    "%(person)s works at %(organisation)s, which is not a party of this "
                    "partnership; an attendee must belong to a party."
                )
                % {"person": person.name, "organisation": person.organisation},
                field="attendees",
            )
        parties[person.pk] = party
    return parties


def save_meeting(
    meeting: SteeringMeeting,
    *,
    attendees: Iterable[Person],
    expected_version: int | None,
    actor: Any,
) -> SteeringMeeting:
    """Save a new or edited meeting and make `attendees` its attendees, each for their party.

    A meeting may not be moved to a day after the due date of any of its action items (open,
    done or cancelled alike: an action item is never due before its meeting), MeetingError on
    `held_on`; the items' due dates are to be changed first.
    Raises MeetingError on `attendees` for a person not of a party, EditConflict or RecordGone.
    """
    attendees = list(attendees)
    parties = parties_of(attendees, meeting.partnership)
    with transaction.atomic():
        if meeting.pk is None:
            create_record(meeting, actor=actor)
        else:
            # Locked before its items are read: an item saved meanwhile waits for this.
            SteeringMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
            _refuse_items_due_before(meeting)
            save_versioned(meeting, expected_version=expected_version or 0, actor=actor)
        _set_attendees(meeting, attendees, parties)
    return meeting


def _refuse_items_due_before(meeting: SteeringMeeting) -> None:
    first_due = (
        ActionItem.objects.filter(meeting_id=meeting.pk, due_on__lt=meeting.held_on)
        .order_by("due_on", "pk")
        .first()
    )
    if first_due is not None:
        raise MeetingError(
            _(
                "The meeting cannot be moved to %(date)s: its action item “%(item)s” is due "
                "on %(due)s, before that. Change the item's due date first."
            )
            % {"date": meeting.held_on, "item": first_due, "due": first_due.due_on},
            field="held_on",
        )


def _set_attendees(
    meeting: SteeringMeeting, attendees: list[Person], parties: dict[int, Party]
) -> None:
    wanted = {person.pk for person in attendees}
    meeting.attendances.exclude(person_id__in=wanted).delete()
    present = set(meeting.attendances.values_list("person_id", flat=True))
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, person=person, party=parties[person.pk])
        for person in attendees
        if person.pk not in present
    )


# The minutes document

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    sha256: str
    size: int
    suffix: str  # ".pdf" or ".docx"


def check_minutes_document(upload: Any, *, max_bytes: int | None = None) -> CheckedDocument:
    """Read an uploaded minutes document and make sure it is a readable PDF or DOCX.

    The type is judged by the content, never by the name: a PDF must parse with at least one
    page (lib/pdf.py), a DOCX must open with python-docx. Raises MeetingError on `document` for
    an empty file, one over MINUTES_DOCUMENT_MAX_BYTES, anything else, or a damaged one.
    """
    limit = settings.MINUTES_DOCUMENT_MAX_BYTES if max_bytes is None else max_bytes
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise MeetingError(_too_big(limit), field="document")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head:
        raise MeetingError(_("The file is empty."), field="document")
    if head.startswith(b"PK\x03\x04"):
        return _check_docx(upload, limit)
    if not head.lstrip().startswith(b"%PDF-"):
        raise MeetingError(
            _("The file is neither a PDF nor a Word document (DOCX)."), field="document"
        )
    try:
        checked = check_pdf(upload, max_bytes=limit, field="document")
    except DomainError as refusal:
        raise MeetingError(refusal.message, field="document") from refusal
    return CheckedDocument(checked.content, checked.sha256, checked.size, ".pdf")


def _too_big(max_bytes: int) -> str:
    return _("The file is larger than %(megabytes)s MB, the largest allowed.") % {
        "megabytes": round(max_bytes / (1024 * 1024), 1)
    }


def _check_docx(upload: Any, limit: int) -> CheckedDocument:
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise MeetingError(_too_big(limit), field="document")
    if not _readable_docx(content):
        raise MeetingError(
            _("The file is damaged or not a Word document (DOCX) that can be read."),
            field="document",
        )
    return CheckedDocument(content, hashlib.sha256(content).hexdigest(), len(content), ".docx")


def _readable_docx(content: bytes) -> bool:
    import docx

    try:
        docx.Document(io.BytesIO(content))
    except Exception:  # noqa: BLE001 - zip, package and XML errors alike: not a readable DOCX
        return False
    return True


def attach_minutes_document(meeting: SteeringMeeting, *, upload: Any, actor: Any) -> None:
    """Attach a PDF or DOCX as the meeting's minutes document, or replace the one it has.

    Kept under MEDIA_ROOT under a random name (never the uploader's), with the original file
    name and its SHA-256; the meeting's version goes up, so an editor who opened the meeting
    before is told. Earlier documents stay on disk: the history names them.
    Raises MeetingError on `document` (check_minutes_document) or RecordGone.
    """
    checked = check_minutes_document(upload)
    name = (getattr(upload, "name", "") or f"minutes{checked.suffix}").replace("\x00", "")
    with transaction.atomic():
        locked = SteeringMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if locked is None:
            raise RecordGone()
        locked.minutes_document.save(
            f"{locked.pk}-{secrets.token_hex(8)}{checked.suffix}",
            ContentFile(checked.content),
            save=False,
        )
        locked.minutes_document_name = name[-255:]
        locked.minutes_document_sha256 = checked.sha256
        locked.version += 1
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(
            update_fields=[
                "minutes_document",
                "minutes_document_name",
                "minutes_document_sha256",
                "version",
                "updated_at",
            ]
        )
    meeting.refresh_from_db()


# Action items


def save_action_item(item: ActionItem, *, expected_version: int | None, actor: Any) -> ActionItem:
    """Save a new or edited action item; closing it dates it, reopening clears the date.

    Done or cancelled sets `closed_on` to today (kept when it moves from one closed status to
    the other); open clears it. The due date is checked again against the meeting as it is
    under its lock (MeetingError on `due_on`), since the form read it before.
    Raises MeetingError, EditConflict or RecordGone.
    """
    with transaction.atomic():
        meeting = SteeringMeeting.objects.select_for_update().filter(pk=item.meeting_id).first()
        if meeting is None:
            raise RecordGone()
        if item.due_on < meeting.held_on:
            raise MeetingError(
                _("An action item cannot be due before its meeting (%(date)s).")
                % {"date": meeting.held_on},
                field="due_on",
            )
        if item.status == ActionItem.Status.OPEN:
            item.closed_on = None
        elif item.closed_on is None:
            item.closed_on = timezone.localdate()
        if item.pk is None:
            create_record(item, actor=actor)
        else:
            save_versioned(item, expected_version=expected_version or 0, actor=actor)
    return item
