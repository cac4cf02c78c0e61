"""Persona fixtures shared by every test: two parties of an MoU, their roles, and an outsider."""

from dataclasses import dataclass

import pytest

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.organisations.models import Organisation
from samverkan.organisations.tests.factories import OrganisationFactory, PersonFactory
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """The API's throttles count requests in the cache; no test inherits another's count."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Swedish): a request in English made by an
    earlier test in the same worker leaves English active in the thread (LocaleMiddleware)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Uploaded documents go to a directory of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests talk plain HTTP to the test client and to the live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False


@dataclass
class World:
    stad: Organisation
    kth: Organisation
    elsewhere: Organisation
    mou: Partnership
    party_stad: object
    party_kth: object
    coordinator: object  # coordinates the MoU for KTH
    coordinator_stad: object
    contributor: object
    steering: object
    leadership_stad: object
    registrar: object
    viewer: object
    outsider: object  # a viewer at an organisation outside every partnership
    admin: object


@pytest.fixture
def world(db) -> World:
    stad = OrganisationFactory(
        name="Stockholms stad", short_name="Stockholms stad", organisation_number="212000-0142"
    )
    kth = OrganisationFactory(
        name="Kungliga Tekniska högskolan",
        short_name="KTH",
        kind=Organisation.Kind.STATE_UNIVERSITY,
        organisation_number="202100-3054",
    )
    elsewhere = OrganisationFactory(name="Solna stad")
    mou = PartnershipFactory(name="Stockholms stad–KTH")
    party_stad = PartyFactory(partnership=mou, organisation=stad)
    party_kth = PartyFactory(partnership=mou, organisation=kth)

    def member(username, organisation, role, partnership=mou):
        user = UserFactory(username=username)
        RoleFactory(user=user, organisation=organisation, partnership=partnership, role=role)
        return user

    outsider = member("outsider", elsewhere, Role.VIEWER, partnership=None)
    PersonFactory(organisation=elsewhere, name="Olle Utanför")
    return World(
        stad=stad,
        kth=kth,
        elsewhere=elsewhere,
        mou=mou,
        party_stad=party_stad,
        party_kth=party_kth,
        coordinator=member("coordinator", kth, Role.COORDINATOR),
        coordinator_stad=member("coordinator_stad", stad, Role.COORDINATOR),
        contributor=member("contributor", kth, Role.CONTRIBUTOR),
        steering=member("steering", kth, Role.STEERING_GROUP),
        leadership_stad=member("leadership_stad", stad, Role.LEADERSHIP),
        registrar=member("registrar", stad, Role.REGISTRAR),
        viewer=member("viewer", kth, Role.VIEWER),
        outsider=outsider,
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def third(world):
    """A coordinator of a third organisation taking part in the MoU: entitled to nothing the
    two parties mark secret."""
    region = OrganisationFactory(name="Region Stockholm")
    PartyFactory(partnership=world.mou, organisation=region)
    user = UserFactory(username="region")
    RoleFactory(user=user, organisation=region, partnership=world.mou, role=Role.COORDINATOR)
    return user


@pytest.fixture
def as_user(client):
    """Log the test client in as a user: `as_user(world.viewer).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api():
    """An API client with a personal token of the given user (None: anonymous): `api(user)`."""
    from rest_framework.test import APIClient

    from samverkan.accounts.tokens import create_token

    def client_for(user, *, language="en"):
        client = APIClient()
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            _record, token = create_token(user=user, name="test", actor=user)
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        client.credentials(**headers)
        return client

    return client_for
