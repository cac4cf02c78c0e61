"""The tables the generator fills, in the order they are loaded, and their rows as tuples.

A row is built from keyword values by `Table.row`: every concrete column of the model, in a
fixed order, with the model's own default where the generator gives none. A bulk load (COPY
above all) applies no Django default, so a NOT NULL column without one must be given: `row`
refuses a row that lacks it. Values are what the database stores (a partial date as its ISO
text, a foreign key as its id), so that no per-value conversion is needed on PostgreSQL.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any

from django.db import models

from samverkan.accounts.models import RoleAssignment, User
from samverkan.activities.models import (
    Activity,
    ActivityParticipant,
    ActivityParty,
    ExchangeApproval,
    PersonnelExchange,
)
from samverkan.agreements.models import (
    Agreement,
    AgreementParty,
    Registration,
    Regulation,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)
from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.audit.models import Record
from samverkan.followup.models import (
    ActionItem,
    DialogueDecision,
    DialogueParticipant,
    LeadershipDialogue,
    MeetingAttendee,
    MeetingDecision,
    SteeringGroupMember,
    SteeringMeeting,
)
from samverkan.innovation.models import (
    CasePerson,
    InnovationCase,
    InnovationOffice,
    Outcome,
    StageChange,
    Support,
)
from samverkan.lib.partial_date_fields import PartialDateField
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import (
    Clause,
    Collaborator,
    Membership,
    Notice,
    Partnership,
    Party,
    Signatory,
)


class MissingValue(ValueError):
    """A row lacks a value its NOT NULL column needs, or names a column the table lacks."""


_REQUIRED = object()


def _default(field: models.Field) -> Any:
    """What the column holds when the generator says nothing: the model's default, NULL, or
    the empty text of a text column that may be blank; `_REQUIRED` when it must be given."""
    if field.has_default() and not callable(field.default):
        default = field.default
        return default.value if isinstance(default, enum.Enum) else default
    if field.null:
        return None
    if field.blank and field.empty_strings_allowed and not isinstance(field, PartialDateField):
        return ""
    return _REQUIRED


class Table:
    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = tuple(field.column for field in self.fields)
        self._defaults = tuple((field.attname, _default(field)) for field in self.fields)
        self._names = frozenset(field.attname for field in self.fields)
        self.is_record = issubclass(model, Record)

    def __repr__(self) -> str:
        return f"<Table {self.name}>"

    def row(self, at: datetime.datetime | None = None, **values: Any) -> tuple:
        """The row of `values` (by attribute name: `partnership_id`), defaults filled in.

        `at` stamps a record's `created_at` and `updated_at` (a record is generated as it
        was when first saved).
        """
        if at is not None:
            values["created_at"] = values["updated_at"] = at
        if not values.keys() <= self._names:
            raise MissingValue(f"{self.name} has no column {sorted(values.keys() - self._names)}")
        row = tuple([values.get(name, default) for name, default in self._defaults])
        if _REQUIRED in row:
            missing = [
                name
                for (name, _d), value in zip(self._defaults, row, strict=True)
                if value is _REQUIRED
            ]
            raise MissingValue(f"{self.name} needs a value for {missing}")
        return row


ORGANISATION = Table(Organisation)
UNIT = Table(Unit)
PERSON = Table(Person)
USER = Table(User)
PARTNERSHIP = Table(Partnership)
PARTY = Table(Party)
MEMBERSHIP = Table(Membership)
SIGNATORY = Table(Signatory)
CLAUSE = Table(Clause)
COLLABORATOR = Table(Collaborator)
NOTICE = Table(Notice)
ROLE = Table(RoleAssignment)
DIALOGUE = Table(LeadershipDialogue)
DIALOGUE_PARTICIPANT = Table(DialogueParticipant)
DIALOGUE_DECISION = Table(DialogueDecision)
AREA = Table(CollaborationArea)
AREA_ADJUSTMENT = Table(AreaAdjustment)
CONTACT = Table(ContactPerson)
STEERING_MEMBER = Table(SteeringGroupMember)
MEETING = Table(SteeringMeeting)
ATTENDEE = Table(MeetingAttendee)
MEETING_DECISION = Table(MeetingDecision)
ACTION_ITEM = Table(ActionItem)
OFFICE = Table(InnovationOffice)
CASE = Table(InnovationCase)
CASE_PERSON = Table(CasePerson)
STAGE_CHANGE = Table(StageChange)
SUPPORT = Table(Support)
OUTCOME = Table(Outcome)
AGREEMENT = Table(Agreement)
AGREEMENT_PARTY = Table(AgreementParty)
REQUIRED_SIGNATORY = Table(RequiredSignatory)
SIGNATURE = Table(Signature)
REGISTRATION = Table(Registration)
ACTIVITY = Table(Activity)
ACTIVITY_PARTY = Table(ActivityParty)
PARTICIPANT = Table(ActivityParticipant)
REGULATION = Table(Regulation)
MARKING = Table(SecrecyMarking)
EXCHANGE = Table(PersonnelExchange)
APPROVAL = Table(ExchangeApproval)

# Every table the generator fills, referenced before referencing (SQLite checks the foreign
# keys at commit, PostgreSQL when they are added back; the order keeps both simple to follow).
TABLES = (
    ORGANISATION,
    UNIT,
    PERSON,
    USER,
    PARTNERSHIP,
    PARTY,
    MEMBERSHIP,
    SIGNATORY,
    CLAUSE,
    COLLABORATOR,
    NOTICE,
    ROLE,
    DIALOGUE,
    DIALOGUE_PARTICIPANT,
    DIALOGUE_DECISION,
    AREA,
    AREA_ADJUSTMENT,
    CONTACT,
    STEERING_MEMBER,
    MEETING,
    ATTENDEE,
    MEETING_DECISION,
    ACTION_ITEM,
    OFFICE,
    CASE,
    CASE_PERSON,
    STAGE_CHANGE,
    SUPPORT,
    OUTCOME,
    AGREEMENT,
    AGREEMENT_PARTY,
    REQUIRED_SIGNATORY,
    SIGNATURE,
    REGISTRATION,
    ACTIVITY,
    ACTIVITY_PARTY,
    PARTICIPANT,
    REGULATION,
    MARKING,
    EXCHANGE,
    APPROVAL,
)
