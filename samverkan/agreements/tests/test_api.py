"""Specific agreements (R8) through the API: the same rules, permissions and masking as the
pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.agreements import services
from samverkan.agreements.models import (
    AccessGrant,
    Agreement,
    Registration,
    SecrecyMarking,
    Signature,
)
from samverkan.agreements.tests.factories import (
    ActivityFactory,
    agreement_between,
    mark,
    register,
)
from samverkan.lib.pdf import blank_pdf
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Kvantdatorsamarbete"
SECRET_TEXT = "Fusionsreaktorns konstruktionsritningar"
SECRET_SUBJECT = "Hemlig reaktorsak"


def _url(agreement_or_world, *parts):
    if isinstance(agreement_or_world, Agreement):
        base = f"/api/v1/partnerships/{agreement_or_world.partnership_id}/agreements/"
        base += f"{agreement_or_world.uuid}/"
    else:
        base = f"/api/v1/partnerships/{agreement_or_world.mou.pk}/agreements/"
    return base + "".join(f"{part}/" for part in parts)


def _pdf(name="agreement.pdf", text=""):
    return SimpleUploadedFile(name, blank_pdf(text=text), content_type="application/pdf")


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
def secret(world):
    agreement, _ = agreement_between(world.mou, [world.party_kth], title=SECRET_TITLE)
    Agreement.objects.filter(pk=agreement.pk).update(text=SECRET_TEXT)
    register(agreement, world.party_kth, "V-2025-0042", subject=SECRET_SUBJECT)
    for target in ("document", "title", "subject"):
        mark(agreement, target=target, authority=world.kth)
    agreement.refresh_from_db()
    return agreement


# The whole lifecycle


def test_an_agreement_from_draft_to_force_through_the_api(world, api):
    activity = ActivityFactory(partnership=world.mou, title="Examensarbeten")
    coordinator = api(world.coordinator)
    created = coordinator.post(
        _url(world),
        {
            "title": "Avtal om examensarbeten",
            "text": "Parterna samarbetar.",
            "starts_on": "2026-01-01",
            "parties": [world.party_stad.pk, world.party_kth.pk],
            "activities": [activity.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["entitled"] is True
    assert body["activities"] == [activity.pk]
    assert {p["organisation"] for p in body["parties"]} == {world.stad.pk, world.kth.pk}
    agreement = Agreement.objects.get(uuid=body["uuid"])

    # Signatories, one per party, each a person of that party's organisation, named by the
    # party's own coordinator (nobody browses another organisation's staff).
    for party, user in ((world.party_stad, world.coordinator_stad), (world.party_kth, None)):
        person = PersonFactory(organisation=party.organisation)
        answer = api(user or world.coordinator).post(
            _url(agreement, "signatories"),
            {"party": party.pk, "person": person.pk, "title": "Chef"},
            format="json",
        )
        assert answer.status_code == 201, answer.json()
    upload = coordinator.post(_url(agreement, "document"), {"document": _pdf()}, format="multipart")
    assert upload.status_code == 200, upload.json()
    sha = upload.json()["agreement"]["document_sha256"]
    assert len(sha) == 64
    download = coordinator.get(_url(agreement, "document"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")

    sent = coordinator.post(_url(agreement, "send"))
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    # Locked now.
    refused = coordinator.patch(
        _url(agreement), {"title": "Nytt", "version": sent.json()["version"]}, format="json"
    )
    assert refused.status_code == 400
    assert "locked" in str(refused.json())

    stad, kth = agreement.required_signatories.order_by("party__organisation__name")
    stad, kth = (stad, kth) if stad.party == world.party_stad else (kth, stad)
    first = api(_signer(stad, "s")).post(
        _url(agreement, "sign"), {"signatory": stad.pk}, format="json"
    )
    assert first.status_code == 201, first.json()
    assert first.json()["signatures_given"] == 1
    last = api(_signer(kth, "k")).post(
        _url(agreement, "sign"), {"signatory": kth.pk}, format="json"
    )
    assert last.status_code == 201
    body = last.json()
    assert body["status"] == "in_force"
    signed = [s for row in body["signatories"] for s in row["signatures"]]
    assert {s["document_sha256"] for s in signed} == {sha}
    assert all(s["valid"] and s["method"] == "in_app" for s in signed)


def test_a_stale_update_is_a_409_and_a_fresh_one_saves(world, api):
    agreement, _ = agreement_between(world.mou, [world.party_kth])
    client = api(world.coordinator)
    version = agreement.version
    ok = client.patch(_url(agreement), {"title": "Första", "version": version}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["title"] == "Första"
    stale = client.patch(_url(agreement), {"title": "Andra", "version": version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == ok.json()["version"]
    agreement.refresh_from_db()
    assert agreement.title == "Första"
    missing = client.patch(_url(agreement), {"title": "Utan version"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()


# Bad input


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.pdf", b"GIF89a"), "The file is not a PDF."),
        (SimpleUploadedFile("x.pdf", b""), "The submitted file is empty."),
        ("big", "larger than"),
    ],
)
def test_a_bad_document_is_a_400_with_nothing_saved(world, api, settings, upload, message):
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    if upload == "big":
        settings.AGREEMENT_DOCUMENT_MAX_BYTES = 200
        upload = _pdf()
    response = api(world.coordinator).post(
        _url(agreement, "document"), {"document": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert message in str(response.json()["document"])
    agreement.refresh_from_db()
    assert agreement.document_sha256 == ""


def test_signing_rules(world, api):
    agreement, (stad, kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    client = api(_signer(stad, "s"))
    draft = client.post(_url(agreement, "sign"), {"signatory": stad.pk}, format="json")
    assert draft.status_code == 400
    assert "A draft cannot be signed" in draft.json()["signatory"][0]
    services.send_for_signature(agreement, actor=None)
    other = client.post(_url(agreement, "sign"), {"signatory": kth.pk}, format="json")
    assert other.status_code == 400
    assert "can sign in the application for themselves" in other.json()["signatory"][0]
    assert (
        client.post(_url(agreement, "sign"), {"signatory": stad.pk}, format="json").status_code
        == 201
    )
    twice = client.post(_url(agreement, "sign"), {"signatory": stad.pk}, format="json")
    assert twice.status_code == 400
    assert "already signed" in twice.json()["signatory"][0]
    nobody = api(world.coordinator).post(
        _url(agreement, "sign"), {"signatory": kth.pk}, format="json"
    )
    assert nobody.status_code == 403
    assert Signature.objects.count() == 1


def test_a_scan_is_registered_by_a_registrar_of_the_party(world, api):
    agreement, (stad, kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    services.send_for_signature(agreement, actor=None)
    client = api(world.registrar)
    other = client.post(
        _url(agreement, "scan"),
        {"signatory": kth.pk, "scan": _pdf("s.pdf", "s")},
        format="multipart",
    )
    assert other.status_code == 400
    assert "your own party" in other.json()["signatory"][0]
    done = client.post(
        _url(agreement, "scan"),
        {"signatory": stad.pk, "scan": _pdf("s.pdf", "s")},
        format="multipart",
    )
    assert done.status_code == 201, done.json()
    signature = Signature.objects.get()
    assert signature.method == Signature.Method.SCAN and len(signature.scan_sha256) == 64


def test_registrations_markings_and_grants(world, api, secret):
    client = api(world.coordinator)  # KTH
    clash = client.post(
        _url(secret, "registrations"),
        {
            "party": world.party_kth.pk,
            "registration_number": "V-2025-0043",
            "registered_on": "2025-01-10",
            "direction": "received",
            "correspondent": "Staden",
            "subject": "Avtal",
        },
        format="json",
    )
    assert clash.status_code == 400  # KTH has registered it already
    assert "already registered" in str(clash.json())
    other, _ = agreement_between(world.mou, [world.party_kth])
    duplicate = client.post(
        _url(other, "registrations"),
        {
            "party": world.party_kth.pk,
            "registration_number": "V-2025-0042",
            "registered_on": "2025-01-10",
            "direction": "received",
            "correspondent": "Staden",
            "subject": "Avtal",
        },
        format="json",
    )
    assert duplicate.status_code == 400
    assert "This registration number is already in use." in str(duplicate.json())
    assert Registration.objects.count() == 1
    registration = Registration.objects.get()
    changed = client.patch(
        _url(secret, "registrations", registration.pk),
        {"correspondent": "Region", "version": registration.version},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["subject"] == SECRET_SUBJECT

    marking = client.post(
        _url(secret, "markings"),
        {
            "target": "correspondent",
            "provision": "OSL 21 kap. 1 §",
            "marked_on": "2025-01-11",
            "authority": world.kth.pk,
        },
        format="json",
    )
    assert marking.status_code == 201, marking.json()
    grant = client.post(
        _url(secret, "grants"), {"user": world.viewer.pk, "reason": "Handläggning"}, format="json"
    )
    assert grant.status_code == 201
    assert api(world.viewer).get(_url(secret)).json()["title"] == SECRET_TITLE
    assert client.get(_url(secret, "grants")).json()[0]["reason"] == "Handläggning"
    assert api(world.coordinator_stad).get(_url(secret, "grants")).status_code == 403
    removed = client.delete(_url(secret, "grants", grant.json()["id"]))
    assert removed.status_code == 204
    assert not AccessGrant.objects.exists()
    lifted = client.delete(_url(secret, "markings", marking.json()["id"]))
    assert lifted.status_code == 204
    assert SecrecyMarking.objects.filter(agreement=secret).count() == 3
    # The site administrator may not lift a marking nor give themselves access.
    admin = api(world.admin)
    assert admin.delete(_url(secret, "markings", secret.markings.first().pk)).status_code == 403
    assert (
        admin.post(
            _url(secret, "grants"), {"user": world.admin.pk, "reason": "x"}, format="json"
        ).status_code
        == 403
    )


# Who may do what


@pytest.mark.parametrize(
    ("method", "parts", "body"),
    [
        ("get", (), None),
        ("get", ("history",), None),
        ("get", ("registrations",), None),
        ("get", ("markings",), None),
        ("get", ("document",), None),
        ("patch", (), {"title": "x", "version": 1}),
        ("post", ("send",), None),
        ("post", ("withdraw",), None),
        ("post", ("sign",), {"signatory": 1}),
        ("post", ("terminate",), {"terminated_on": "2025-01-01"}),
        ("post", ("signatories",), {}),
        ("post", ("registrations",), {}),
        ("post", ("markings",), {}),
        ("post", ("grants",), {}),
        ("put", ("activities",), {"activities": []}),
    ],
)
def test_the_outsider_gets_404_and_the_viewer_403_on_changes(world, api, method, parts, body):
    agreement, _ = agreement_between(world.mou, [world.party_kth])
    path = _url(agreement, *parts)
    outsider = getattr(api(world.outsider), method)(path, body, format="json")
    assert outsider.status_code == 404
    viewer = getattr(api(world.viewer), method)(path, body, format="json")
    if method == "get":
        assert viewer.status_code == 200
    else:
        assert viewer.status_code == 403
    assert api(world.outsider).get(_url(world)).status_code == 404
    assert api(world.viewer).post(_url(world), {"title": "x"}, format="json").status_code == 403
    assert api(None).get(path).status_code == 401


# Confidentiality from the outside


@pytest.fixture(params=["third", "coordinator_stad", "admin"])
def outside(request, world):
    if request.param == "third":
        return request.getfixturevalue("third")
    return getattr(world, request.param)


def _no_secret(data):
    text = str(data)
    for word in (SECRET_TITLE, SECRET_TEXT, SECRET_SUBJECT):
        assert word not in text


def test_the_not_entitled_get_the_register_entry_masked(world, api, secret, outside):
    client = api(outside)
    detail = client.get(_url(secret))
    assert detail.status_code == 200
    body = detail.json()
    _no_secret(body)
    assert body["entitled"] is False
    assert body["title"] == "Secret (OSL 31 kap. 16 §)"
    assert body["document_sha256"] == "Secret (OSL 31 kap. 16 §)"
    assert secret.document_sha256 not in str(body)
    assert body["registrations"][0]["registration_number"] == "V-2025-0042"
    assert body["registrations"][0]["subject"] == "Secret (OSL 31 kap. 16 §)"
    assert client.get(_url(secret, "document")).status_code == 404
    listed = client.get(_url(world))
    _no_secret(listed.json())
    assert [r["uuid"] for r in listed.json()["results"]] == [str(secret.uuid)]
    for word in ("Kvantdatorsamarbete", "Fusionsreaktorns"):
        assert client.get(_url(world), {"q": word}).json()["results"] == []
    assert client.get(_url(world), {"q": "2025-0042"}).json()["results"] != []
    history = client.get(_url(secret, "history"))
    assert history.status_code == 200
    _no_secret(history.json())
    assert secret.document_sha256 not in str(history.json())
    registrations = client.get(_url(secret, "registrations")).json()
    _no_secret(registrations)


def test_the_entitled_get_everything(world, api, secret):
    body = api(world.coordinator).get(_url(secret)).json()
    assert body["entitled"] is True
    assert (body["title"], body["text"]) == (SECRET_TITLE, SECRET_TEXT)
    assert body["document_sha256"] == secret.document_sha256
    results = api(world.coordinator).get(_url(world), {"q": "Kvantdatorsamarbete"}).json()
    assert [r["uuid"] for r in results["results"]] == [str(secret.uuid)]


def test_voided_signatures_are_in_the_answer(world, api):
    agreement, (stad, _kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    services.send_for_signature(agreement, actor=None)
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    response = api(world.coordinator).post(
        _url(agreement, "document"), {"document": _pdf(text="ny")}, format="multipart"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["voided"] == 1
    rows = response.json()["agreement"]["signatories"]
    (signature,) = next(row for row in rows if row["id"] == stad.pk)["signatures"]
    assert signature["valid"] is False
    assert "replaced" in signature["void_reason"]
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SENT


# Queries


def test_the_list_and_the_detail_run_the_same_queries_however_many_rows(world, api):
    client = api(world.coordinator_stad)

    def grow(n, start):
        for i in range(start, start + n):
            agreement, signatories = agreement_between(
                world.mou, [world.party_stad, world.party_kth], title=f"Avtal {i:03d}"
            )
            register(agreement, world.party_stad, f"KS {i}")
            mark(agreement, target="document" if i % 2 else "subject", authority=world.kth)
            services.send_for_signature(agreement, actor=None)
            services.sign_agreement(
                agreement, signatory=signatories[0], actor=_signer(signatories[0], f"u{i}")
            )
        return agreement

    client.get(_url(world))  # the token's first use is recorded once
    counts = []
    for n, start in ((3, 0), (27, 3)):
        last = grow(n, start)
        for path, params in ((_url(world), {}), (_url(world), {"q": "Avtal"}), (_url(last), {})):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, params).status_code == 200
            counts.append(len(queries))
    assert counts[:3] == counts[3:]


def test_no_endpoint_answers_500_to_hostile_input(world, api):
    agreement, (stad, _kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    client = api(world.admin)
    client.raise_request_exception = True
    hostile = ["", "x" * 5000, "nul\x00byte", -1, 99999999999999999999, "2014-02-30", "²", None]
    for value in hostile:
        body = {
            key: value
            for key in (
                "title",
                "parties",
                "activities",
                "party",
                "person",
                "signatory",
                "terminated_on",
                "registration_number",
                "target",
                "authority",
                "user",
                "reason",
                "version",
            )
        }
        for method, parts in (
            ("post", ()),
            ("patch", (agreement,)),
            ("put", (agreement, "activities")),
            ("post", (agreement, "signatories")),
            ("post", (agreement, "sign")),
            ("post", (agreement, "terminate")),
            ("post", (agreement, "registrations")),
            ("post", (agreement, "markings")),
            ("post", (agreement, "grants")),
        ):
            path = _url(*parts) if parts else _url(world)
            response = getattr(client, method)(path, body, format="json")
            assert response.status_code < 500, (path, value)
        for parts in (("document",), ("scan",)):
            response = client.post(
                _url(agreement, *parts), {"signatory": str(value), "document": str(value)}
            )
            assert response.status_code < 500, (parts, value)
    for params in (
        {"q": "a\x00b"},
        {"after": "WyJ4IiwgInkiXQ=="},
        {"year": "²"},
        {"page_size": "²"},
    ):
        assert client.get(_url(world), params).status_code == 200
    assert (
        client.delete(_url(agreement, "signatories", stad.pk), {"version": "x"}).status_code == 400
    )
