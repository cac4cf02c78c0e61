"""What the benchmark measures, chosen by queries so that any data set will do: the partnership
with the most activities, one of its coordinators, its agreement with the most signatures, the
year with the most activities, a word its titles use, the cursor of its list's last page.

Users are logged in by sessions created in the database (the cookie a login would give), so
no password is needed and the login lockout is not involved.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import QueryDict

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.activities.activity_views import (
    PAGE_SIZE,
    filter_form,
    page_of,
    select_activities,
)
from samverkan.activities.models import Activity
from samverkan.agreements.models import Agreement
from samverkan.lib.keyset import paginate
from samverkan.partnerships.models import Partnership

BASELINE_ADMIN_USERNAME = "bench-admin"
# The default changelist's page size (ModelAdmin.list_per_page).
ADMIN_PAGE_SIZE = 100
# Words the search is tried with, at most, before the run gives up.
SEARCH_CANDIDATES = 10
MIN_WORD_LENGTH = 5


class NoSubject(RuntimeError):
    """The data holds nothing to measure this on (no partnership with activities, …)."""


@dataclass
class Subjects:
    partnership: Partnership
    coordinator: User
    activities: int  # in the coordinator's unfiltered list
    year: int
    kind: str
    search_word: str
    last_page_cursor: str | None  # None: the list has one page
    agreement: Agreement | None
    agreement_reader: User | None
    admin: User
    admin_created: bool
    admin_last_page: int


def choose() -> Subjects:
    partnership = _partnership_with_most_activities()
    coordinator = _coordinator_of(partnership)
    activities, descending = _unfiltered_list(coordinator, partnership)
    total = activities.count()
    agreement = _agreement_with_most_signatures(partnership)
    admin, created = _superuser()
    return Subjects(
        partnership=partnership,
        coordinator=coordinator,
        activities=total,
        year=_busiest_year(partnership),
        kind=_commonest_kind(partnership),
        search_word=_search_word(coordinator, partnership),
        last_page_cursor=last_page_cursor(activities, total=total, descending=descending),
        agreement=agreement,
        agreement_reader=_coordinator_of(agreement.partnership) if agreement else None,
        admin=admin,
        admin_created=created,
        admin_last_page=max(1, math.ceil(total / ADMIN_PAGE_SIZE)),
    )


def _partnership_with_most_activities() -> Partnership:
    partnership = (
        Partnership.objects.annotate(n=Count("activities")).filter(n__gt=0).order_by("-n", "pk")
    ).first()
    if partnership is None:
        raise NoSubject("No partnership has activities: load a data set first.")
    return partnership


def _coordinator_of(partnership: Partnership) -> User:
    assignment = (
        RoleAssignment.objects.filter(
            partnership=partnership, role=Role.COORDINATOR, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise NoSubject(f"No active coordinator in partnership {partnership.pk}.")
    return assignment.user


def _unfiltered_list(user: User, partnership: Partnership):
    """The coordinator's activity list as the page selects it, with its order."""
    return select_activities(user, partnership, filter_form(QueryDict(""), partnership))


def last_page_cursor(activities, *, total: int, descending: bool) -> str | None:
    """The cursor a reader holds on the list's last page, having clicked "next" to the end.

    The rows before the last page are `before` = the largest multiple of the page size below
    `total`; the cursor names the last of them. It is read as the list's own helper writes it:
    a page of one row over the two rows at positions `before` − 1 and `before`, whose next
    cursor names the first of the two.
    """
    before = (total - 1) // PAGE_SIZE * PAGE_SIZE
    if before == 0:
        return None
    direction = "-" if descending else ""
    ordered = activities.order_by(f"{direction}sort_key", f"{direction}pk")
    pair = list(ordered.values_list("pk", flat=True)[before - 1 : before + 1])
    cursor = paginate(
        activities.filter(pk__in=pair),
        field="sort_key",
        cursor=None,
        size=1,
        descending=descending,
    ).next_cursor
    page = page_of(activities, cursor=cursor, descending=descending)
    if not page.rows or page.next_cursor is not None:
        raise NoSubject("The cursor read for the last page does not lead to the last page.")
    return cursor


def _busiest_year(partnership: Partnership) -> int:
    """The year in which most of the partnership's activities start."""
    busiest = (
        Activity.objects.filter(partnership=partnership)
        .annotate(year=Substr("starts", 1, 4))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .first()
    )
    return int(busiest["year"])


def _commonest_kind(partnership: Partnership) -> str:
    commonest = (
        Activity.objects.filter(partnership=partnership)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
        .first()
    )
    return commonest["kind"]


def _search_word(user: User, partnership: Partnership) -> str:
    """The word most titles use (of those not marked secret), that the search finds."""
    titles = (
        Activity.objects.filter(partnership=partnership, markings__isnull=True)
        .order_by("pk")
        .values_list("title", flat=True)[:2000]
    )
    words = Counter(
        word.lower()
        for title in titles
        for word in set(re.findall(r"[^\W\d_]+", title))
        if len(word) >= MIN_WORD_LENGTH
    )
    for word, _count in words.most_common(SEARCH_CANDIDATES):
        filters = filter_form(QueryDict(f"q={word}"), partnership)
        found, _descending = select_activities(user, partnership, filters)
        if found.exists():
            return word
    raise NoSubject(f"No word of the titles in partnership {partnership.pk} is found by search.")


def _agreement_with_most_signatures(partnership: Partnership) -> Agreement | None:
    """The partnership's agreement with the most signatures, else any partnership's."""
    signed = Agreement.objects.annotate(n=Count("signatures")).order_by("-n", "pk")
    return signed.filter(partnership=partnership).first() or signed.first()


def _superuser() -> tuple[User, bool]:
    """An active superuser for the baseline admin, and whether the run had to create one."""
    existing = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if existing is not None:
        return existing, False
    user = User.objects.create_superuser(BASELINE_ADMIN_USERNAME, email="", password=None)
    return user, True


def session_for(user: User) -> str:
    """A session as a login would leave it (in the database, and the shared cache if any); its
    key is the cookie's value."""
    session = _session_store()()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def end_sessions(keys: list[str]) -> None:
    for key in keys:
        _session_store()(session_key=key).delete()


def _session_store() -> type:
    """The configured engine's store (SESSION_ENGINE: the database, or cached in front of it)."""
    return import_module(settings.SESSION_ENGINE).SessionStore
