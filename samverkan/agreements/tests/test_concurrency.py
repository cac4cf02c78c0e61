"""Signatures given at the same moment (R8): two signatories of two parties both count, once
each; one signatory signing twice at once counts once.

On PostgreSQL the two calls really run at once: two threads, each with its own database
connection, released together by a barrier right before `services.sign_agreement`, whose lock
on the agreement row makes the second wait for the first to commit. The test database must
be committed for the other connection to see it, hence `transaction=True`.

SQLite (the embedded default, an in-memory database in the tests) serialises every write and
does not share an in-memory database safely between threads, so there the same calls run one
after the other through the same code path; the assertions are the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.agreements import services
from samverkan.agreements.models import Agreement, Signature
from samverkan.agreements.tests.factories import agreement_between

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at the same moment (PostgreSQL) or one after the other (SQLite); each
    call's result or the exception it raised, in order."""
    results: list[Any] = [None] * len(calls)
    if connection.vendor != "postgresql":
        for i, call in enumerate(calls):
            try:
                results[i] = call()
            except Exception as error:  # noqa: BLE001 - the test asserts on it
                results[i] = error
        return results
    barrier = threading.Barrier(len(calls), timeout=30)

    def run(i: int, call: Callable[[], Any]) -> None:
        from django.db import connections

        try:
            barrier.wait()
            with translation.override("en"):  # each thread has its own language
                results[i] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            results[i] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _signer(signatory, username):
    user = UserFactory(username=username, person=signatory.person)
    RoleFactory(
        user=user,
        organisation=signatory.party.organisation,
        partnership=signatory.party.partnership,
        role=Role.VIEWER,
    )
    return user


@pytest.fixture
def sent(world):
    agreement, (stad, kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    services.send_for_signature(agreement, actor=None)
    return agreement, stad, kth, _signer(stad, "signer_stad"), _signer(kth, "signer_kth")


def _sign(agreement_pk: int, signatory, user) -> Callable[[], Signature]:
    def call() -> Signature:
        # Each call reads the agreement itself, as a request would, on its own connection.
        agreement = Agreement.objects.get(pk=agreement_pk)
        return services.sign_agreement(agreement, signatory=signatory, actor=user)

    return call


def test_two_signatories_signing_at_the_same_moment_both_count(sent):
    agreement, stad, kth, signer_stad, signer_kth = sent
    results = at_once(
        [_sign(agreement.pk, stad, signer_stad), _sign(agreement.pk, kth, signer_kth)]
    )
    assert all(isinstance(result, Signature) for result in results), results
    agreement.refresh_from_db()
    assert agreement.signatures.valid().count() == 2
    assert {s.signatory_id for s in agreement.signatures.valid()} == {stad.pk, kth.pk}
    assert agreement.status == Agreement.Status.IN_FORCE
    assert agreement.entered_into_force_on is not None


def test_one_signatory_signing_twice_at_the_same_moment_counts_once(sent):
    agreement, stad, _kth, signer_stad, _ = sent
    results = at_once(
        [_sign(agreement.pk, stad, signer_stad), _sign(agreement.pk, stad, signer_stad)]
    )
    signed = [r for r in results if isinstance(r, Signature)]
    refused = [r for r in results if not isinstance(r, Signature)]
    assert len(signed) == 1 and len(refused) == 1, results
    assert "already signed" in str(refused[0])
    assert agreement.signatures.count() == 1
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SENT


def test_two_signing_requests_at_the_same_moment_both_count(sent, api, monkeypatch):
    """The same through the API: two requests, each reaching the service together."""
    agreement, stad, kth, signer_stad, signer_kth = sent
    url = f"/api/v1/partnerships/{agreement.partnership_id}/agreements/{agreement.uuid}/sign/"
    clients = [api(signer_stad), api(signer_kth)]
    if connection.vendor == "postgresql":
        original = services.sign_agreement
        barrier = threading.Barrier(2, timeout=30)

        def together(*args: Any, **kwargs: Any) -> Signature:
            barrier.wait()
            return original(*args, **kwargs)

        monkeypatch.setattr(services, "sign_agreement", together)
    results = at_once(
        [
            lambda: clients[0].post(url, {"signatory": stad.pk}, format="json").status_code,
            lambda: clients[1].post(url, {"signatory": kth.pk}, format="json").status_code,
        ]
    )
    assert results == [201, 201]
    agreement.refresh_from_db()
    assert agreement.signatures.valid().count() == 2
    assert agreement.status == Agreement.Status.IN_FORCE
