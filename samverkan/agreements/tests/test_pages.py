"""The pages of specific agreements (R8): drafting, the document, signing, the register, secrecy
markings, access by name, the release copy and the history; who may do what; and what a user
who is not entitled never sees."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.agreements import services
from samverkan.agreements.models import (
    AccessGrant,
    Agreement,
    AgreementParty,
    Registration,
    Regulation,
    RequiredSignatory,
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
from samverkan.organisations.tests.factories import OrganisationFactory, PersonFactory
from samverkan.partnerships.tests.factories import PartyFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SECRET_TITLE = "Kvantdatorsamarbete"
SECRET_TEXT = "Fusionsreaktorns konstruktionsritningar"
SECRET_SUBJECT = "Hemlig reaktorsak"


def url(name, agreement, *args):
    return reverse(f"agreements:{name}", args=[agreement.partnership_id, agreement.uuid, *args])


def pdf_file(name="agreement.pdf", text=""):
    return SimpleUploadedFile(name, blank_pdf(text=text), content_type="application/pdf")


def signer(signatory, username):
    """A user for the signatory, taking part in the partnership (as a viewer: signing needs no
    other role)."""
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
    """An agreement of KTH alone, its title, document and register subject marked secret."""
    agreement, _ = agreement_between(world.mou, [world.party_kth], title=SECRET_TITLE)
    Agreement.objects.filter(pk=agreement.pk).update(text=SECRET_TEXT)
    register(agreement, world.party_kth, "V-2025-0042", subject=SECRET_SUBJECT)
    for target in ("document", "title", "subject"):
        mark(agreement, target=target, authority=world.kth)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def both(world):
    """A draft of the city and KTH, each with a required signatory and a user for them."""
    agreement, (stad, kth) = agreement_between(
        world.mou, [world.party_stad, world.party_kth], title="Avtal om praktik"
    )
    return agreement, stad, kth, signer(stad, "signer_stad"), signer(kth, "signer_kth")


def _never_shows_the_secret(response):
    body = response.content.decode()
    for word in (SECRET_TITLE, SECRET_TEXT, SECRET_SUBJECT):
        assert word not in body


# Who may do what


READ_PAGES = ["agreement_detail", "agreement_history"]
WRITE_PAGES = [
    "agreement_edit",
    "regulations_edit",
    "signatory_add",
    "document_upload",
    "send",
    "withdraw",
    "sign",
    "scan",
    "terminate",
    "registration_add",
    "marking_add",
    "grant_add",
    "release_copy",
]


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES + ["document_download"])
def test_the_outsider_gets_404_everywhere(world, both, as_user, name):
    agreement = both[0]
    client = as_user(world.outsider)
    assert client.get(url(name, agreement)).status_code == 404
    assert client.post(url(name, agreement), {}).status_code == 404
    pk = world.mou.pk
    for listing in ("agreement_list", "agreement_create", "agreement_export_csv"):
        assert client.get(reverse(f"agreements:{listing}", args=[pk])).status_code == 404


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_a_viewer_may_read_but_not_change(world, both, as_user, name):
    agreement = both[0]
    register(agreement, world.party_kth, "V-1")
    marking = mark(agreement, target="subject", authority=world.kth)
    client = as_user(world.viewer)
    for read in READ_PAGES:
        assert client.get(url(read, agreement)).status_code == 200
    assert client.get(url(name, agreement)).status_code == 403
    assert client.post(url(name, agreement), {}).status_code == 403
    assert client.post(url("marking_remove", agreement, marking.pk), {}).status_code == 403
    assert SecrecyMarking.objects.filter(pk=marking.pk).exists()
    create = reverse("agreements:agreement_create", args=[world.mou.pk])
    assert client.post(create, {"title": "x"}).status_code == 403
    assert Agreement.objects.count() == 1


def test_an_unknown_agreement_answers_404(world, as_user):
    import uuid

    response = as_user(world.coordinator).get(
        reverse("agreements:agreement_detail", args=[world.mou.pk, uuid.uuid4()])
    )
    assert response.status_code == 404


# Drafting


def test_a_coordinator_records_a_draft_with_parties_and_activities(world, as_user):
    activity = ActivityFactory(partnership=world.mou, title="Examensarbeten 2026")
    client = as_user(world.coordinator)
    response = client.post(
        reverse("agreements:agreement_create", args=[world.mou.pk]),
        {
            "title": "Avtal om examensarbeten",
            "text": "Parterna samarbetar om examensarbeten.",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "notice_months": "3",
            "renewal_months": "12",
            "parties": [world.party_stad.pk, world.party_kth.pk],
            "activities": [activity.pk],
        },
        **EN,
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("agreement_detail", agreement)
    assert agreement.status == Agreement.Status.DRAFT
    assert {ap.party for ap in agreement.agreement_parties.all()} == {
        world.party_stad,
        world.party_kth,
    }
    assert list(agreement.activities.all()) == [activity]
    assert AgreementParty.history.filter(history_user=world.coordinator).count() == 2
    page = client.get(response["Location"], **EN).content.decode()
    assert "Avtal om examensarbeten" in page
    assert "Examensarbeten 2026" in page
    assert reverse("activities:activity_detail", args=[world.mou.pk, activity.pk]) in page
    assert "2027-09-30" in page  # the last day to give notice


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"parties": []}, "parties", "This field is required."),
        (
            {"starts_on": "2027-01-01", "ends_on": "2026-01-01"},
            "ends_on",
            "An agreement&#x27;s term cannot end before it starts.",
        ),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_a_bad_draft_is_refused_with_nothing_saved(world, as_user, changes, field, message):
    data = {"title": "Avtal", "parties": [world.party_kth.pk], **changes}
    response = as_user(world.coordinator).post(
        reverse("agreements:agreement_create", args=[world.mou.pk]), data, **EN
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_terms_are_editable_in_a_draft_only(world, both, as_user):
    agreement = both[0]
    client = as_user(world.coordinator)
    data = {
        "title": "Nytt namn",
        "parties": [world.party_stad.pk, world.party_kth.pk],
        "version": agreement.version,
    }
    assert client.post(url("agreement_edit", agreement), data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Nytt namn"
    services.send_for_signature(agreement, actor=world.coordinator)
    data["title"], data["version"] = "Efter sändning", agreement.version
    response = client.post(url("agreement_edit", agreement), data, follow=True, **EN)
    assert "locked" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Nytt namn"


def test_a_party_with_signatories_cannot_be_dropped(world, both, as_user):
    agreement = both[0]
    response = as_user(world.coordinator).post(
        url("agreement_edit", agreement),
        {"title": "x", "parties": [world.party_kth.pk], "version": agreement.version},
        **EN,
    )
    assert response.status_code == 400
    assert "remove them before removing the party" in response.content.decode()
    assert agreement.agreement_parties.count() == 2


def test_a_stale_edit_is_refused(world, both, as_user):
    agreement = both[0]
    client = as_user(world.coordinator)
    parties = [world.party_stad.pk, world.party_kth.pk]
    stale = agreement.version
    client.post(
        url("agreement_edit", agreement), {"title": "A", "parties": parties, "version": stale}
    )
    response = client.post(
        url("agreement_edit", agreement), {"title": "B", "parties": parties, "version": stale}, **EN
    )
    assert response.status_code == 400
    assert "Someone else saved this record" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "A"


def test_activities_regulated_may_change_after_sending_but_not_once_ended(world, both, as_user):
    agreement, stad, kth, signer_stad, signer_kth = both
    activity = ActivityFactory(partnership=world.mou, title="Praktik vid staden")
    services.send_for_signature(agreement, actor=None)
    client = as_user(world.coordinator)
    response = client.post(url("regulations_edit", agreement), {"activities": [activity.pk]})
    assert response.status_code == 302
    assert list(agreement.activities.all()) == [activity]
    services.sign_agreement(agreement, signatory=stad, actor=signer_stad)
    services.sign_agreement(agreement, signatory=kth, actor=signer_kth)
    services.terminate_agreement(agreement, on=timezone.localdate(), actor=None)
    response = client.post(
        url("regulations_edit", agreement), {"activities": []}, follow=True, **EN
    )
    assert "has ended can no longer be changed" in response.content.decode()
    assert list(agreement.activities.all()) == [activity]


def test_an_activity_whose_secrets_one_may_not_see_cannot_be_attached(world, as_user):
    """A grant of access by name on the agreement would open the activity's secrets."""
    hidden = ActivityFactory(partnership=world.mou, title="Hemlig studie")
    from samverkan.activities.models import ActivityParty

    ActivityParty.objects.create(activity=hidden, party=world.party_kth)
    mark(activity=hidden, target="title", authority=world.kth)
    agreement, _ = agreement_between(world.mou, [world.party_stad])
    response = as_user(world.coordinator_stad).post(
        url("regulations_edit", agreement), {"activities": [hidden.pk]}
    )
    assert response.status_code == 400
    assert not Regulation.objects.exists()


def test_required_signatories_are_named_in_a_draft(world, as_user):
    agreement, _ = agreement_between(world.mou, [world.party_stad, world.party_kth])
    rektor = PersonFactory(organisation=world.kth, name="Sigbritt Karlsson")
    client = as_user(world.coordinator)
    response = client.post(
        url("signatory_add", agreement),
        {"party": world.party_kth.pk, "person": rektor.pk, "title": "Rektor"},
    )
    assert response.status_code == 302
    assert agreement.required_signatories.filter(person=rektor).exists()
    # Again: refused, and someone of the other party's organisation is refused for KTH.
    again = client.post(
        url("signatory_add", agreement),
        {"party": world.party_kth.pk, "person": rektor.pk, "title": "Rektor"},
        **EN,
    )
    assert again.status_code == 400
    assert "already a required signatory" in again.content.decode()
    stad_person = agreement.required_signatories.get(party=world.party_stad).person
    wrong = client.post(
        url("signatory_add", agreement),
        {"party": world.party_kth.pk, "person": stad_person.pk, "title": "x"},
        **EN,
    )
    assert wrong.status_code == 400
    assert agreement.required_signatories.count() == 3
    signatory = agreement.required_signatories.get(person=rektor)
    removed = client.post(
        url("signatory_remove", agreement, signatory.pk), {"version": signatory.version}
    )
    assert removed.status_code == 302
    assert not agreement.required_signatories.filter(person=rektor).exists()


# The document


def test_uploading_and_downloading_the_document(world, as_user):
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    client = as_user(world.coordinator)
    assert client.get(url("document_download", agreement)).status_code == 404  # none yet
    response = client.post(url("document_upload", agreement), {"document": pdf_file("avtal.pdf")})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.document_name == "avtal.pdf"
    download = client.get(url("document_download", agreement))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="avtal.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    page = client.get(url("agreement_detail", agreement)).content.decode()
    assert agreement.document_sha256 in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.pdf", b"GIF89a not a pdf"), "The file is not a PDF."),
        (SimpleUploadedFile("x.pdf", b""), "The submitted file is empty."),
        (SimpleUploadedFile("x.pdf", b"%PDF-1.7 broken"), "damaged"),
        ("big", "larger than"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message(world, as_user, settings, upload, message):
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    if upload == "big":
        settings.AGREEMENT_DOCUMENT_MAX_BYTES = 200
        upload = pdf_file()
    response = as_user(world.coordinator).post(
        url("document_upload", agreement), {"document": upload}, **EN
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.document_sha256 == ""


def test_replacing_the_document_voids_the_signatures_visibly(world, both, as_user):
    agreement, stad, _kth, signer_stad, _ = both
    services.send_for_signature(agreement, actor=None)
    services.sign_agreement(agreement, signatory=stad, actor=signer_stad)
    client = as_user(world.coordinator)
    form = client.get(url("document_upload", agreement), **EN).content.decode()
    assert "One signature has been given. Replacing the document voids it" in form
    response = client.post(
        url("document_upload", agreement), {"document": pdf_file(text="ny")}, follow=True, **EN
    )
    text = response.content.decode()
    assert "The signature given to the earlier document was voided." in text
    assert "voided-signature" in text
    assert "The document was replaced after signing." in text
    assert not agreement.signatures.valid().exists()


# Signing


def test_two_signatories_sign_in_the_application_and_it_enters_into_force(world, both, as_user):
    agreement, stad, kth, signer_stad, signer_kth = both
    as_user(world.coordinator).post(url("send", agreement))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SENT
    client = as_user(signer_stad)
    assert "Sign" in client.get(url("agreement_detail", agreement), **EN).content.decode()
    assert client.post(url("sign", agreement), {"signatory": stad.pk}).status_code == 302
    client = as_user(signer_kth)
    response = client.post(url("sign", agreement), {"signatory": kth.pk}, follow=True, **EN)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_FORCE
    text = response.content.decode()
    assert "In force" in text
    signature = agreement.signatures.get(signatory=kth)
    assert signature.method == Signature.Method.IN_APP
    assert signature.document_sha256 in text


def test_signing_twice_a_draft_or_in_another_s_place_is_refused(world, both, as_user):
    agreement, stad, kth, signer_stad, _signer_kth = both
    client = as_user(signer_stad)
    draft = client.post(url("sign", agreement), {"signatory": stad.pk}, **EN)
    assert draft.status_code == 400
    assert "A draft cannot be signed" in draft.content.decode()
    services.send_for_signature(agreement, actor=None)
    other = client.post(url("sign", agreement), {"signatory": kth.pk}, **EN)
    assert other.status_code == 400
    assert "can sign in the application for themselves" in other.content.decode()
    assert client.post(url("sign", agreement), {"signatory": stad.pk}).status_code == 302
    twice = client.post(url("sign", agreement), {"signatory": stad.pk}, **EN)
    assert twice.status_code == 400
    assert "has already signed this agreement" in twice.content.decode()
    assert agreement.signatures.count() == 1


def test_someone_who_is_no_required_signatory_cannot_sign(world, both, as_user):
    agreement, stad, *_ = both
    services.send_for_signature(agreement, actor=None)
    for user in (world.coordinator, world.registrar):
        assert as_user(user).post(url("sign", agreement), {"signatory": stad.pk}).status_code == 403
    assert not Signature.objects.exists()


def test_a_registrar_registers_a_scan_for_their_own_party_only(world, both, as_user):
    agreement, stad, kth, *_ = both
    services.send_for_signature(agreement, actor=None)
    client = as_user(world.registrar)  # a registrar of the city
    other = client.post(
        url("scan", agreement), {"signatory": kth.pk, "scan": pdf_file("s.pdf", "s")}, **EN
    )
    assert other.status_code == 400
    assert "only for the signatories of your own party" in other.content.decode()
    bad = client.post(
        url("scan", agreement),
        {"signatory": stad.pk, "scan": SimpleUploadedFile("s.pdf", b"GIF89a")},
        **EN,
    )
    assert bad.status_code == 400
    assert "not a PDF" in bad.content.decode()
    assert not Signature.objects.exists()
    done = client.post(
        url("scan", agreement), {"signatory": stad.pk, "scan": pdf_file("s.pdf", "signed")}
    )
    assert done.status_code == 302
    signature = Signature.objects.get()
    assert signature.method == Signature.Method.SCAN
    assert signature.recorded_by == world.registrar
    assert as_user(world.coordinator).get(url("scan", agreement)).status_code == 403


def test_termination_of_an_agreement_in_force(world, both, as_user):
    agreement, stad, kth, signer_stad, signer_kth = both
    services.send_for_signature(agreement, actor=None)
    services.sign_agreement(agreement, signatory=stad, actor=signer_stad)
    services.sign_agreement(agreement, signatory=kth, actor=signer_kth)
    assert as_user(world.viewer).post(url("terminate", agreement), {}).status_code == 403
    client = as_user(world.leadership_stad)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(url("terminate", agreement), {"terminated_on": future}, **EN)
    assert refused.status_code == 400
    assert "cannot be in the future" in refused.content.decode()
    today = timezone.localdate().isoformat()
    assert client.post(url("terminate", agreement), {"terminated_on": today}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TERMINATED


def test_withdrawing_voids_the_signatures(world, both, as_user):
    agreement, stad, _kth, signer_stad, _ = both
    services.send_for_signature(agreement, actor=None)
    services.sign_agreement(agreement, signatory=stad, actor=signer_stad)
    response = as_user(world.coordinator).post(url("withdraw", agreement), follow=True, **EN)
    assert "The signature given was voided." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    # A signatory whose signature the history keeps cannot be removed: said, not a 500.
    removed = as_user(world.coordinator).post(
        url("signatory_remove", agreement, stad.pk), {"version": stad.version}, **EN
    )
    assert removed.status_code == 400
    assert "cannot be removed" in removed.content.decode()


def test_sending_without_a_signatory_for_each_party_is_refused(world, as_user):
    agreement, (stad, _kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    RequiredSignatory.objects.filter(pk=stad.pk).delete()
    response = as_user(world.coordinator).post(url("send", agreement), **EN)
    assert response.status_code == 400
    assert "has no required signatory yet" in response.content.decode()


# The register


def test_registrations_per_party_with_unique_numbers(world, both, as_user):
    agreement = both[0]
    other, _ = agreement_between(world.mou, [world.party_stad])
    register(other, world.party_stad, "KS 2025/1")
    client = as_user(world.registrar)  # registers for the city
    data = {
        "party": world.party_stad.pk,
        "registration_number": "KS 2025/1",
        "registered_on": "2025-03-01",
        "direction": "received",
        "correspondent": "KTH",
        "subject": "Avtal om praktik",
    }
    clash = client.post(url("registration_add", agreement), data, **EN)
    assert clash.status_code == 400
    assert "This registration number is already in use." in clash.content.decode()
    kth = client.post(
        url("registration_add", agreement), {**data, "party": world.party_kth.pk}, **EN
    )
    assert kth.status_code == 400  # not the registrar's own party
    assert not agreement.registrations.exists()
    data["registration_number"] = "KS 2025/2"
    assert client.post(url("registration_add", agreement), data).status_code == 302
    registration = agreement.registrations.get()
    edit = client.post(
        url("registration_edit", agreement, registration.pk),
        {**data, "subject": "Praktikavtal", "version": registration.version},
    )
    assert edit.status_code == 302
    registration.refresh_from_db()
    assert registration.subject == "Praktikavtal"
    # KTH's coordinator may not touch the city's register entry.
    assert (
        as_user(world.coordinator)
        .get(url("registration_edit", agreement, registration.pk))
        .status_code
        == 403
    )
    removed = as_user(world.registrar).post(
        url("registration_remove", agreement, registration.pk), {"version": registration.version}
    )
    assert removed.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_a_clash_saved_in_the_meantime_is_a_message_not_a_500(world, both, as_user, monkeypatch):
    from django.db import IntegrityError

    from samverkan.audit import forms as audit_forms

    agreement = both[0]

    def clash(*args, **kwargs):
        raise IntegrityError("duplicate")

    monkeypatch.setattr(audit_forms, "create_record", clash)
    response = as_user(world.registrar).post(
        url("registration_add", agreement),
        {
            "party": world.party_stad.pk,
            "registration_number": "KS 1",
            "registered_on": "2025-03-01",
            "direction": "received",
            "correspondent": "KTH",
            "subject": "Avtal",
        },
        **EN,
    )
    assert response.status_code == 400
    assert "clashes with one that someone else has just saved" in response.content.decode()


# Secrecy markings and access by name


def test_a_registrar_marks_a_part_secret_and_lifts_it(world, both, as_user):
    agreement = both[0]
    client = as_user(world.registrar)
    data = {
        "target": "title",
        "provision": "OSL 31 kap. 16 §",
        "marked_on": "2025-02-01",
        "authority": world.stad.pk,
    }
    other = client.post(url("marking_add", agreement), {**data, "authority": world.kth.pk})
    assert other.status_code == 400  # not the registrar's organisation
    assert client.post(url("marking_add", agreement), data).status_code == 302
    marking = SecrecyMarking.objects.get()
    assert marking.marked_by == world.registrar
    again = client.post(url("marking_add", agreement), data, **EN)
    assert again.status_code == 400
    assert "already marked secret" in again.content.decode()
    viewer_page = as_user(world.viewer).get(url("agreement_detail", agreement), **EN)
    assert "Avtal om praktik" not in viewer_page.content.decode()
    assert "Secret (OSL 31 kap. 16 §)" in viewer_page.content.decode()
    lifted = as_user(world.registrar).post(
        url("marking_remove", agreement, marking.pk), {"version": marking.version}
    )
    assert lifted.status_code == 302
    assert not SecrecyMarking.objects.exists()


def test_access_by_name_opens_the_secret_and_only_the_entitled_see_the_list(world, secret, as_user):
    client = as_user(world.coordinator)  # KTH: entitled
    assert "access-heading" in client.get(url("agreement_detail", secret)).content.decode()
    response = client.post(
        url("grant_add", secret), {"user": world.viewer.pk, "reason": "Handläggning"}
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    viewer_page = as_user(world.viewer).get(url("agreement_detail", secret)).content.decode()
    assert SECRET_TITLE in viewer_page
    stad_page = as_user(world.coordinator_stad).get(url("agreement_detail", secret))
    assert "access-heading" not in stad_page.content.decode()
    assert "Handläggning" not in stad_page.content.decode()
    removed = as_user(world.coordinator).post(
        url("grant_remove", secret, grant.pk), {"version": grant.version}
    )
    assert removed.status_code == 302
    assert (
        SECRET_TITLE
        not in as_user(world.viewer).get(url("agreement_detail", secret)).content.decode()
    )


def test_the_site_admin_may_mark_but_neither_lift_markings_nor_give_themselves_access(
    world, secret, as_user
):
    client = as_user(world.admin)
    marking = secret.markings.first()
    assert client.post(url("marking_remove", secret, marking.pk), {"version": 1}).status_code == 403
    assert (
        client.post(url("grant_add", secret), {"user": world.admin.pk, "reason": "x"}).status_code
        == 403
    )
    assert client.post(url("agreement_edit", secret), {"title": "x"}).status_code == 403
    assert secret.markings.count() == 3
    assert not AccessGrant.objects.exists()
    # Marking hides more; that they may do.
    marked = client.post(
        url("marking_add", secret),
        {
            "target": "correspondent",
            "provision": "OSL 31 kap. 16 §",
            "marked_on": "2025-02-01",
            "authority": world.kth.pk,
        },
    )
    assert marked.status_code == 302
    assert secret.markings.count() == 4


# Confidentiality from the outside


@pytest.fixture(params=["third", "coordinator_stad", "admin", "viewer"])
def not_entitled(request, world):
    if request.param == "third":
        return request.getfixturevalue("third")
    return getattr(world, request.param)


def test_the_not_entitled_never_see_the_secret_on_any_page(world, secret, as_user, not_entitled):
    client = as_user(not_entitled)
    detail = client.get(url("agreement_detail", secret), **EN)
    assert detail.status_code == 200
    _never_shows_the_secret(detail)
    text = detail.content.decode()
    assert "V-2025-0042" in text  # the register entry stays public
    assert "Secret (OSL 31 kap. 16 §)" in text
    assert secret.document_sha256 not in text
    assert url("document_download", secret) not in text
    assert client.get(url("document_download", secret)).status_code == 404
    history = client.get(url("agreement_history", secret), **EN)
    assert history.status_code == 200
    _never_shows_the_secret(history)
    assert secret.document_sha256 not in history.content.decode()


def test_the_entitled_see_everything(world, secret, as_user):
    client = as_user(world.coordinator)
    text = client.get(url("agreement_detail", secret)).content.decode()
    for word in (SECRET_TITLE, SECRET_TEXT, SECRET_SUBJECT, secret.document_sha256):
        assert word in text
    assert client.get(url("document_download", secret)).status_code == 200
    history = client.get(url("agreement_history", secret)).content.decode()
    assert SECRET_TITLE in history


def test_the_history_masks_every_earlier_version_too(world, secret, as_user):
    from samverkan.audit.services import save_versioned

    secret.title = "Tidigare hemlig titel"
    save_versioned(secret, expected_version=secret.version, actor=world.coordinator)
    text = as_user(world.coordinator_stad).get(url("agreement_history", secret)).content.decode()
    assert "Tidigare hemlig titel" not in text
    assert SECRET_TITLE not in text
    assert "OSL 31 kap. 16 §" in text
    assert "Tidigare hemlig titel" in (
        as_user(world.coordinator).get(url("agreement_history", secret)).content.decode()
    )


def test_the_history_shows_the_records_under_the_agreement(world, both, as_user):
    agreement, stad, _kth, signer_stad, _ = both
    services.send_for_signature(agreement, actor=world.coordinator)
    services.sign_agreement(agreement, signatory=stad, actor=signer_stad)
    register(agreement, world.party_stad, "KS 9")
    text = as_user(world.viewer).get(url("agreement_history", agreement), **EN).content.decode()
    for label in ("Signature", "Register entry", "Required signatory", "Party to an agreement"):
        assert label in text
    assert "KS 9" in text


def test_a_regulated_secret_activity_is_masked_in_the_history(world, as_user):
    agreement, _ = agreement_between(world.mou, [world.party_stad])
    hidden = ActivityFactory(partnership=world.mou, title="Hemlig aktivitetstitel")
    mark(activity=hidden, target="title", authority=world.kth)
    Regulation.objects.create(agreement=agreement, activity=hidden)
    text = as_user(world.viewer).get(url("agreement_history", agreement)).content.decode()
    assert "Hemlig aktivitetstitel" not in text


# The release copy


def test_the_release_copy_masks_every_marked_part_even_for_an_entitled_registrar(
    world, both, as_user
):
    agreement = both[0]
    Agreement.objects.filter(pk=agreement.pk).update(text="Öppen avtalstext")
    register(agreement, world.party_stad, "KS 2025/7", correspondent="KTH", subject="Hemligt ämne")
    mark(agreement, target="subject", authority=world.stad, provision="OSL 31 kap. 16 §")
    mark(agreement, target="title", authority=world.stad, provision="OSL 19 kap. 1 §")
    client = as_user(world.registrar)
    detail = client.get(url("agreement_detail", agreement)).content.decode()
    assert "Hemligt ämne" in detail  # the registrar is entitled
    response = client.get(url("release_copy", agreement), **EN)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hemligt ämne" not in text
    assert "Avtal om praktik" not in text
    assert "Secret (OSL 31 kap. 16 §)" in text
    assert "Secret (OSL 19 kap. 1 §)" in text
    # What is not marked is shown.
    for shown in ("KS 2025/7", "Öppen avtalstext", "Stockholms stad", agreement.document_sha256):
        assert shown in text
    assert as_user(world.coordinator).get(url("release_copy", agreement)).status_code == 403


# Queries


def test_the_detail_pages_run_the_same_queries_however_many_signatures(world, as_user):
    def agreement_with(n):
        parties = []
        for i in range(n):
            organisation = OrganisationFactory(name=f"Kommun {n}-{i}")
            parties.append(PartyFactory(partnership=world.mou, organisation=organisation))
        agreement, signatories = agreement_between(world.mou, parties, title=f"Avtal {n}")
        services.send_for_signature(agreement, actor=None)
        for i, signatory in enumerate(signatories):
            if i < n - 1 or n == 1:
                services.sign_agreement(
                    agreement, signatory=signatory, actor=signer(signatory, f"s{n}-{i}")
                )
            register(agreement, signatory.party, f"D-{n}-{i}")
            ActivityFactory(partnership=world.mou)
        for activity in ActivityFactory._meta.model.objects.all()[:n]:
            Regulation.objects.create(agreement=agreement, activity=activity)
        mark(agreement, target="subject", authority=world.kth)
        return agreement

    client = as_user(world.registrar)
    small, large = agreement_with(1), agreement_with(10)
    for page in ("agreement_detail", "release_copy", "agreement_history"):
        counts = []
        for agreement in (small, large):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(page, agreement)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], page


# Hostile input


HOSTILE = ["", "x" * 5000, "nul\x00byte", "-1", "99999999999999999999", "2014-02-30", "²", "ÅÄÖ 🙂"]
FIELDS = [
    "title",
    "text",
    "starts_on",
    "ends_on",
    "notice_months",
    "renewal_months",
    "parties",
    "activities",
    "party",
    "person",
    "registration_number",
    "registered_on",
    "direction",
    "correspondent",
    "subject",
    "target",
    "provision",
    "marked_on",
    "authority",
    "user",
    "reason",
    "signatory",
    "terminated_on",
    "version",
    "document",
    "scan",
]


def test_no_agreement_page_answers_500_to_hostile_input(world, both, as_user):
    agreement, stad, _kth, _signer_stad, signer_kth = both
    services.send_for_signature(agreement, actor=None)
    register(agreement, world.party_stad, "KS 1")
    registration = agreement.registrations.get()
    marking = mark(agreement, target="subject", authority=world.stad)
    targets = [url(name, agreement) for name in WRITE_PAGES] + [
        url("registration_edit", agreement, registration.pk),
        url("registration_remove", agreement, registration.pk),
        url("marking_remove", agreement, marking.pk),
        url("signatory_remove", agreement, stad.pk),
        reverse("agreements:agreement_create", args=[world.mou.pk]),
    ]
    for user in (world.admin, world.registrar, signer_kth):
        client = as_user(user)
        client.raise_request_exception = True
        for target in targets:
            for value in HOSTILE:
                assert client.post(target, {f: value for f in FIELDS}).status_code < 500, target
                assert client.post(target, {f: [value, value] for f in FIELDS}).status_code < 500
    listing = reverse("agreements:agreement_list", args=[world.mou.pk])
    for params in (
        {"q": "x" * 500},
        {"q": "a\x00b"},
        {"after": "WyJ4IiwgInkiXQ=="},
        {"after": "%00"},
        {"year": "²", "organisation": "99999999999999999999", "sort": "nonsense"},
    ):
        assert as_user(world.viewer).get(listing, params).status_code == 200
