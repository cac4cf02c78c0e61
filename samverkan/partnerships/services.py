"""Workflows on partnerships. Callers check permissions (see permissions.py); these do not."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.audit.services import create_record, delete_record, refusing_clashes, save_versioned
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Organisation

from .models import Notice, Partnership, Party

MIN_PARTIES = 2


class PartnershipError(DomainError):
    pass


def _check_party_count(organisations: Sequence[Organisation]) -> None:
    if len({o.pk for o in organisations}) < MIN_PARTIES:
        raise PartnershipError(
            _("A partnership needs at least two parties."), field="organisations"
        )


def _default_party_role(partnership: Partnership) -> str:
    return Party.Role.MEMBER if partnership.kind == Partnership.Kind.NETWORK else Party.Role.PARTY


def create_partnership(
    partnership: Partnership,
    *,
    organisations: Sequence[Organisation],
    acting_for: Organisation | None,
    actor: Any,
) -> Partnership:
    """Save a new partnership with its parties; the creator coordinates it for `acting_for`.

    Raises PartnershipError (nothing saved) with fewer than two parties, or when the creator
    acts for an organisation that is not among them.
    """
    _check_party_count(organisations)
    with refusing_clashes():
        return _create_partnership(
            partnership, organisations=organisations, acting_for=acting_for, actor=actor
        )


def _create_partnership(partnership, *, organisations, acting_for, actor) -> Partnership:
    if acting_for is not None and acting_for.pk not in {o.pk for o in organisations}:
        raise PartnershipError(
            _("Your own organisation, %(organisation)s, must be one of the parties.")
            % {"organisation": acting_for},
            field="organisations",
        )
    create_record(partnership, actor=actor)
    for organisation in organisations:
        create_record(
            Party(
                partnership=partnership,
                organisation=organisation,
                role=_default_party_role(partnership),
            ),
            actor=actor,
        )
    if acting_for is not None:
        create_record(
            RoleAssignment(
                user=actor, organisation=acting_for, partnership=partnership, role=Role.COORDINATOR
            ),
            actor=actor,
        )
    return partnership


def update_partnership(
    partnership: Partnership,
    *,
    expected_version: int,
    organisations: Sequence[Organisation],
    actor: Any,
) -> Partnership:
    """Save the edited partnership and make its parties exactly `organisations`.

    A party that has signatories, contact persons, notices or memberships cannot be removed.
    Raises PartnershipError, audit's EditConflict or RecordClash; nothing is saved then.
    """
    _check_party_count(organisations)
    with refusing_clashes():
        _sync_parties(partnership, organisations=organisations, actor=actor)
        save_versioned(partnership, expected_version=expected_version, actor=actor)
    return partnership


def _sync_parties(partnership: Partnership, *, organisations, actor: Any) -> None:
    wanted = {o.pk: o for o in organisations}
    current = {p.organisation_id: p for p in partnership.parties.select_related("organisation")}
    for organisation_id, party in current.items():
        if organisation_id in wanted:
            continue
        if (
            party.signatories.exists()
            or party.contact_persons.exists()
            or party.notices.exists()
            or party.memberships.exists()
            # Its people's roles would outlive it: they must be taken away first.
            or RoleAssignment.objects.filter(
                partnership=partnership, organisation_id=organisation_id
            ).exists()
        ):
            raise PartnershipError(
                _(
                    "%(organisation)s cannot be removed: it has signatories, contact persons, "
                    "memberships, notices or people with roles in this partnership."
                )
                % {"organisation": party.organisation},
                field="organisations",
            )
        delete_record(party, actor=actor)
    for organisation_id, organisation in wanted.items():
        if organisation_id not in current:
            create_record(
                Party(
                    partnership=partnership,
                    organisation=organisation,
                    role=_default_party_role(partnership),
                ),
                actor=actor,
            )


def give_notice(
    partnership: Partnership,
    *,
    organisation: Organisation,
    on: datetime.date,
    actor: Any,
) -> Notice:
    """Record that `organisation` gave notice of termination on `on` (R9).

    The partnership ends `notice_months` calendar months later. Refused (PartnershipError,
    nothing saved) when the organisation is not a party, the partnership is not signed, the
    date is in the future or before the signing, or notice is already in effect.
    """
    with refusing_clashes():
        # Lock the partnership so that two parties giving notice at once cannot both pass
        # (SQLite cannot lock a row: there the one-active-notice constraint refuses the second).
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        party = locked.parties.filter(organisation=organisation).first()
        if party is None:
            raise PartnershipError(
                _("%(organisation)s is not a party of this partnership and cannot give notice.")
                % {"organisation": organisation},
                field="organisation",
            )
        if locked.status(on=timezone.localdate()) is Partnership.Status.NOT_SIGNED:
            raise PartnershipError(_("A partnership that is not signed cannot be given notice."))
        if on > timezone.localdate():
            raise PartnershipError(_("Notice cannot be dated in the future."), field="given_on")
        if locked.signed_on is not None and on < locked.signed_on.first_day():
            raise PartnershipError(
                _("Notice cannot be given before the partnership was signed."), field="given_on"
            )
        if locked.notices.filter(withdrawn_on__isnull=True).exists():
            raise PartnershipError(
                _("Notice has already been given; withdraw it before giving a new one.")
            )
        notice = Notice(
            partnership=locked,
            party=party,
            given_on=on,
            ends_on=locked.notice_ends_on(on),
            recorded_by=actor,
        )
        return create_record(notice, actor=actor)


def withdraw_notice(notice: Notice, *, on: datetime.date, actor: Any) -> Notice:
    """Withdraw a notice before the day it ends the partnership; the record keeps both.

    Refused (PartnershipError) when already withdrawn, when the partnership has already ended,
    or when the date is in the future or before the notice was given.
    """
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.withdrawn_on is not None:
            raise PartnershipError(_("This notice has already been withdrawn."))
        if on > timezone.localdate():
            raise PartnershipError(
                _("A withdrawal cannot be dated in the future."), field="withdrawn_on"
            )
        if on < locked.given_on:
            raise PartnershipError(
                _("A notice cannot be withdrawn before it was given."), field="withdrawn_on"
            )
        if on > locked.ends_on or timezone.localdate() > locked.ends_on:
            raise PartnershipError(
                _("The partnership has already ended; the notice can no longer be withdrawn.")
            )
        locked.withdrawn_on = on
        locked.withdrawn_by = actor
        save_versioned(locked, expected_version=locked.version, actor=actor)
        return locked
