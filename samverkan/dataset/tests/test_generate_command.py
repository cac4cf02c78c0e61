"""The generate_dataset command: its summary, its determinism, and its refusal to mix a
dataset into a register that holds partnerships."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.activities.models import Activity
from samverkan.dataset.digest import database_digest
from samverkan.dataset.generate import generate
from samverkan.dataset.scales import SCALES
from samverkan.dataset.tables import TABLES
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
SMALL = SCALES["small"]


def quietly(message: str) -> None:
    pass


def test_the_command_generates_the_small_scale_and_sums_it_up():
    out = StringIO()
    call_command("generate_dataset", "--scale", "small", "--seed", "1", "--digest", stdout=out)
    lines = out.getvalue().splitlines()
    activities = next(line for line in lines if line.startswith("activities_activity "))
    assert int(activities.split()[1].replace(",", "")) == Activity.objects.count()
    assert 900 <= Activity.objects.count() <= 1_100
    assert any(line.startswith("total ") for line in lines)
    assert lines[-1] == f"digest {database_digest()}"


def _digest_of(seed: int) -> str:
    with transaction.atomic():
        generate(SMALL, seed, say=quietly)
        digest = database_digest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    first = _digest_of(1)
    assert Activity.objects.count() == 0
    assert _digest_of(1) == first
    assert _digest_of(2) != first


def test_a_register_that_holds_partnerships_is_refused_with_nothing_written():
    PartnershipFactory()
    before = {table.name: table.model._base_manager.count() for table in TABLES}
    with pytest.raises(CommandError, match="already holds partnerships"):
        call_command("generate_dataset", "--scale", "small", stdout=StringIO())
    assert {table.name: table.model._base_manager.count() for table in TABLES} == before


def test_logging_in_as_a_generated_user_leaves_the_digest_as_it_was(client):
    generate(SMALL, 1, say=quietly)
    before = database_digest()
    client.force_login(User.objects.filter(person__isnull=False).first())
    assert User.objects.filter(last_login__isnull=False).exists()
    assert database_digest() == before
