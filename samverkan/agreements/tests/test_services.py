"""The agreement lifecycle and signatures (R8), through the services."""

import pytest
from django.core.files.base import ContentFile

from samverkan.agreements import services
from samverkan.agreements.models import Agreement, Signature
from samverkan.agreements.tests.factories import agreement_between, pdf_upload
from samverkan.lib.errors import DomainError


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are read here in English (the default language is Swedish)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _signer(signatory, username):
    from samverkan.accounts.tests.factories import UserFactory

    return UserFactory(username=username, person=signatory.person)


@pytest.fixture
def sent(world):
    agreement, signatories = agreement_between(world.mou, [world.party_stad, world.party_kth])
    services.send_for_signature(agreement, actor=world.coordinator)
    return agreement, signatories


def test_the_document_is_kept_with_its_hash(world):
    agreement, _ = agreement_between(world.mou, [world.party_kth])
    assert agreement.document_name == "agreement.pdf"
    assert len(agreement.document_sha256) == 64
    assert agreement.document.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04 a zip file, not a pdf", "not a PDF"),
        (b"%PDF-1.7 but nothing after", "damaged"),
    ],
)
def test_an_upload_that_is_not_a_readable_pdf_is_refused(world, content, message):
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    with pytest.raises(DomainError, match=message):
        services.replace_document(agreement, upload=ContentFile(content, name="x.pdf"), actor=None)
    agreement.refresh_from_db()
    assert agreement.document_sha256 == ""


def test_an_upload_over_the_limit_is_refused(world, settings):
    settings.AGREEMENT_DOCUMENT_MAX_BYTES = 100
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    with pytest.raises(DomainError, match="larger than"):
        services.replace_document(agreement, upload=pdf_upload(), actor=None)


def test_sending_needs_a_document_and_a_signatory_per_party(world):
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    with pytest.raises(DomainError, match="Upload"):
        services.send_for_signature(agreement, actor=None)
    services.replace_document(agreement, upload=pdf_upload(), actor=None)
    services.send_for_signature(agreement, actor=None)
    assert agreement.status == Agreement.Status.SENT
    assert agreement.is_locked


def test_signing_a_draft_is_refused(world):
    agreement, (stad, _kth) = agreement_between(world.mou, [world.party_stad, world.party_kth])
    with pytest.raises(DomainError, match="draft"):
        services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    assert not Signature.objects.exists()


def test_in_force_when_every_required_signatory_has_signed(world, sent):
    agreement, (stad, kth) = sent
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    assert agreement.status == Agreement.Status.SENT
    services.sign_agreement(agreement, signatory=kth, actor=_signer(kth, "k"))
    assert agreement.status == Agreement.Status.IN_FORCE
    assert agreement.is_in_force()
    assert Agreement.objects.in_force().filter(pk=agreement.pk).exists()
    signature = agreement.signatures.get(signatory=kth)
    assert signature.document_sha256 == agreement.document_sha256
    assert signature.party == world.party_kth
    assert signature.method == Signature.Method.IN_APP


def test_signing_twice_is_refused(world, sent):
    agreement, (stad, _kth) = sent
    user = _signer(stad, "s")
    services.sign_agreement(agreement, signatory=stad, actor=user)
    with pytest.raises(DomainError, match="already signed"):
        services.sign_agreement(agreement, signatory=stad, actor=user)
    assert agreement.signatures.count() == 1


def test_someone_else_cannot_sign_in_the_application(world, sent):
    agreement, (stad, _kth) = sent
    with pytest.raises(DomainError, match="Only"):
        services.sign_agreement(agreement, signatory=stad, actor=world.coordinator_stad)


def test_a_signatory_of_another_agreement_is_refused(world, sent):
    agreement, _ = sent
    other, (other_signatory,) = agreement_between(world.mou, [world.party_stad])
    with pytest.raises(DomainError, match="not a required signatory"):
        services.sign_agreement(
            agreement, signatory=other_signatory, actor=_signer(other_signatory, "o")
        )


def test_a_scan_is_registered_with_its_own_hash(world, sent):
    agreement, (stad, _kth) = sent
    signature = services.sign_agreement(
        agreement,
        signatory=stad,
        actor=world.registrar,
        method=Signature.Method.SCAN,
        scan=pdf_upload("signed.pdf", text="signed"),
    )
    assert signature.recorded_by == world.registrar
    assert len(signature.scan_sha256) == 64
    assert signature.scan_sha256 != agreement.document_sha256


def test_a_scan_that_is_not_a_pdf_is_refused(world, sent):
    agreement, (stad, _kth) = sent
    with pytest.raises(DomainError, match="not a PDF"):
        services.sign_agreement(
            agreement,
            signatory=stad,
            actor=world.registrar,
            method=Signature.Method.SCAN,
            scan=ContentFile(b"GIF89a", name="x.gif"),
        )
    assert not Signature.objects.exists()


def test_replacing_the_document_voids_every_signature_visibly(world, sent):
    agreement, (stad, _kth) = sent
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    first_hash = agreement.document_sha256
    voided = services.replace_document(
        agreement, upload=pdf_upload(text="changed"), actor=world.coordinator
    )
    assert voided == 1
    signature = agreement.signatures.get()
    assert signature.voided_at is not None
    assert signature.void_reason == Signature.VoidReason.DOCUMENT_REPLACED
    assert signature.document_sha256 == first_hash != agreement.document_sha256
    assert signature.history.count() == 2
    # The signatory signs the new document anew.
    services.sign_agreement(agreement, signatory=stad, actor=signature.signatory.person.user)
    assert agreement.signatures.valid().count() == 1


def test_the_document_of_an_agreement_in_force_cannot_be_replaced(world, sent):
    agreement, (stad, kth) = sent
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    services.sign_agreement(agreement, signatory=kth, actor=_signer(kth, "k"))
    with pytest.raises(DomainError, match="cannot be replaced"):
        services.replace_document(agreement, upload=pdf_upload(), actor=None)


def test_the_lifecycle_allows_only_its_transitions(world):
    agreement, _ = agreement_between(world.mou, [world.party_kth])
    with pytest.raises(DomainError, match="cannot become"):
        agreement.transition_to(Agreement.Status.IN_FORCE)
    with pytest.raises(DomainError, match="cannot become"):
        services.terminate_agreement(agreement, on=agreement.created_at.date(), actor=None)


def test_an_agreement_past_its_term_has_expired(world, sent):
    import datetime

    agreement, (stad, kth) = sent
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=datetime.date(2030, 12, 31))
    agreement.refresh_from_db()
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    services.sign_agreement(agreement, signatory=kth, actor=_signer(kth, "k"))
    assert agreement.effective_status(datetime.date(2031, 1, 1)) == Agreement.Status.EXPIRED
    assert not agreement.is_in_force(datetime.date(2031, 1, 1))
    assert not Agreement.objects.in_force(datetime.date(2031, 1, 1)).exists()


def test_notice_deadline_counts_from_the_renewed_end(world):
    import datetime

    agreement = Agreement(ends_on=datetime.date(2025, 12, 31), notice_months=3, renewal_months=12)
    assert agreement.notice_deadline(datetime.date(2025, 6, 1)) == datetime.date(2025, 9, 30)
    assert agreement.current_end(datetime.date(2026, 2, 1)) == datetime.date(2026, 12, 31)
    assert agreement.notice_deadline(datetime.date(2026, 2, 1)) == datetime.date(2026, 9, 30)


def test_a_term_that_renews_itself_runs_on(world, sent):
    import datetime

    agreement, (stad, kth) = sent
    Agreement.objects.filter(pk=agreement.pk).update(
        ends_on=datetime.date(2030, 12, 31), renewal_months=12
    )
    agreement.refresh_from_db()
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    services.sign_agreement(agreement, signatory=kth, actor=_signer(kth, "k"))
    later = datetime.date(2031, 6, 1)
    assert agreement.effective_status(later) == Agreement.Status.IN_FORCE
    assert Agreement.objects.in_force(later).filter(pk=agreement.pk).exists()
    assert agreement.current_end(later) == datetime.date(2031, 12, 31)


def test_it_enters_into_force_on_the_day_of_the_last_signature(world, sent):
    import datetime
    import zoneinfo

    agreement, (stad, kth) = sent
    services.sign_agreement(agreement, signatory=stad, actor=_signer(stad, "s"))
    # Late at night in Stockholm: the day is Stockholm's, whatever the hour in UTC.
    when = datetime.datetime(2026, 1, 15, 23, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
    services.sign_agreement(agreement, signatory=kth, actor=_signer(kth, "k"), signed_at=when)
    assert agreement.entered_into_force_on == datetime.date(2026, 1, 15)
