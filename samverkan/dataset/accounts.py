"""Users and their roles, so that pages can be measured as the people who use them see them.

Every user has an unusable password (the benchmark creates its sessions itself) and, where the
organisation has someone left without an account, a person of their own (a person has at most
one user).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from samverkan.accounts.models import Role

from . import tables as t
from .context import Generation, Org, person_name, stamp
from .text import ascii_word


class Accounts:
    def __init__(self, gen: Generation) -> None:
        self.gen = gen
        self._rng = gen.rng("accounts")
        self._signers: dict[int, int] = {}  # person id -> user id

    def user(self, username: str, *, org: Org | None, person: int | None, on: datetime.date) -> int:
        user_id = self.gen.ids.next(t.USER)
        first, last = person_name(self.gen.seed, person) if person else ("", username)
        suffix = "".join(
            self._rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(40)
        )
        self.gen.add(
            t.USER,
            id=user_id,
            password=UNUSABLE_PASSWORD_PREFIX + suffix,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{ascii_word(first)}.{ascii_word(last)}@{org.domain}" if person and org else "",
            date_joined=stamp(on),
            person_id=person,
        )
        return user_id

    def role(
        self, user: int, *, org: Org, partnership: int | None, role: str, on: datetime.date
    ) -> None:
        self.gen.add(
            t.ROLE,
            id=self.gen.ids.next(t.ROLE),
            user_id=user,
            organisation_id=org.id,
            partnership_id=partnership,
            role=role,
            at=stamp(on),
        )

    def coordinator(self, org: Org, *, party: int, partnership: int, on: datetime.date) -> int:
        """A coordinator of the partnership for the party of `org`, with a person of `org`."""
        user = self.user(f"samordnare-{party}", org=org, person=org.next_account_person(), on=on)
        self.role(user, org=org, partnership=partnership, role=Role.COORDINATOR.value, on=on)
        return user

    def signers(self, org: Org, *, partnership: int, on: datetime.date) -> None:
        """The officers of `org` (who sign its agreements, in the application for themselves)
        take part in the partnership as viewers, as the demo's signatories do."""
        for person in org.officers:
            if person not in self._signers:
                self._signers[person] = self.user(
                    f"firmatecknare-{person}", org=org, person=person, on=on
                )
            self.role(
                self._signers[person],
                org=org,
                partnership=partnership,
                role=Role.VIEWER.value,
                on=on,
            )

    def signer(self, person: int) -> int:
        """The user of an officer who signs (`signers` made it when their party was added)."""
        return self._signers[person]
