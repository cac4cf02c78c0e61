"""The demo's activities, agreements and exchanges obey the rules the application enforces.

The demo replays 2014–2026 up to "today"; the tests load it on a fixed day so that statuses can
be compared with dates.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    ActivityParty,
    ExchangeApproval,
    PersonnelExchange,
    kinds_needing_agreement,
)
from samverkan.activities.services import approval_problems, start_problems
from samverkan.agreements.confidentiality import is_masked
from samverkan.agreements.models import (
    AccessGrant,
    Agreement,
    Registration,
    Regulation,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)
from samverkan.agreements.services import sign_agreement
from samverkan.demo import loader
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Partnership

TODAY = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)
S = Activity.Status
SECRET_WORDS = ("läckage", "va-bolag", "driftdata", "ledningsnät")
MODELS = (
    Organisation,
    Unit,
    Person,
    User,
    RoleAssignment,
    Activity,
    ActivityParty,
    ActivityParticipant,
    Agreement,
    RequiredSignatory,
    Signature,
    Registration,
    SecrecyMarking,
    AccessGrant,
    Regulation,
    PersonnelExchange,
    ExchangeApproval,
)


@pytest.fixture
def mou(db):
    with time_machine.travel(TODAY, tick=False):
        loader.load()
        yield Partnership.objects.get(kind=Partnership.Kind.MOU)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _today() -> datetime.date:
    return timezone.localdate()


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["history"] = Activity.history.count() + Agreement.history.count()
    return counts


def test_loading_twice_changes_nothing(db, settings):
    settings.SAMVERKAN_ALLOW_DEMO = True
    output = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", stdout=output)
        first = _counts()
        call_command("load_demo", stdout=output)
    assert _counts() == first
    assert 25 <= first["Activity"] <= 40
    assert 8 <= first["Agreement"] <= 12
    assert first["PersonnelExchange"] >= 6
    printed = output.getvalue()
    assert "signerare_stad" in printed and "signerare_kth" in printed


def test_every_kind_of_activity_is_there_with_figures_that_fit_it(mou):
    activities = list(Activity.objects.filter(partnership=mou))
    assert {a.kind for a in activities} == set(ActivityKind.values)
    assert {a.status for a in activities} == set(S.values)
    for activity in activities:
        activity.full_clean()  # figures fit the kind, funding has a currency, dates in order
        assert activity.area.partnership_id == mou.pk
        parties = {ap.party.organisation.short_name for ap in activity.activity_parties.all()}
        assert parties == {"Stockholms stad", "KTH"}, activity.title
        taking_part = {
            p.party.organisation.short_name for p in activity.participants_taking_part.all()
        }
        assert taking_part == {"Stockholms stad", "KTH"}, activity.title
        if activity.status != S.CANCELLED:
            assert all(ap.benefit for ap in activity.activity_parties.all()), activity.title
    currencies = {a.funding_currency for a in activities if a.funding_amount is not None}
    assert currencies == {"SEK", "EUR"}
    precisions = {len(a.starts.isoformat()) for a in activities}
    assert precisions == {4, 7, 10}  # "2018", "2016-09", "2019-03-14"


def test_eu_projects_name_their_programme_and_each_party_s_role(mou):
    projects = Activity.objects.filter(partnership=mou, kind=ActivityKind.EU_PROJECT)
    assert {p.programme for p in projects} == {
        Activity.Programme.HORIZON_2020,
        Activity.Programme.HORIZON_EUROPE,
    }
    for project in projects:
        assert project.acronym
        assert all(ap.eu_role for ap in project.activity_parties.all())
        if project.status != S.CANCELLED:
            assert project.project_number and project.funding_currency == "EUR"


def _in_force_on(agreement: Agreement, day: datetime.date) -> bool:
    return (
        agreement.entered_into_force_on is not None
        and agreement.entered_into_force_on <= day
        and (agreement.starts_on is None or agreement.starts_on <= day)
        and (agreement.ends_on is None or day <= agreement.ends_on)
        and (agreement.terminated_on is None or day <= agreement.terminated_on)
    )


def test_no_activity_started_without_the_agreement_its_kind_needs(mou):
    needing = kinds_needing_agreement(mou.pk)
    assert ActivityKind.ADVISORY_GROUP not in needing  # this partnership's own setting
    checked = 0
    for activity in Activity.objects.filter(partnership=mou).prefetch_related("agreements"):
        started = activity.history.filter(status=S.ONGOING).order_by("history_date").first()
        if activity.status in (S.ONGOING, S.COMPLETED):
            assert started is not None, activity.title
        if started is None or activity.kind not in needing:
            continue
        day = timezone.localdate(started.history_date)
        assert day >= activity.starts.first_day(), activity.title
        assert any(_in_force_on(a, day) for a in activity.agreements.all()), activity.title
        checked += 1
    assert checked >= 15


def test_statuses_fit_the_dates(mou):
    with time_machine.travel(TODAY, tick=False):
        today = _today()
    for activity in Activity.objects.filter(partnership=mou):
        first_day = activity.starts.first_day()
        last_day = activity.ends.last_day() if activity.ends else None
        if activity.status == S.PLANNED:
            assert first_day > today, activity.title
        elif activity.status == S.ONGOING:
            assert first_day <= today and (last_day is None or last_day >= today), activity.title
        elif activity.status == S.COMPLETED:
            assert last_day is not None and last_day < today, activity.title


def test_the_activities_run_from_2014_to_2026(mou):
    activities = Activity.objects.filter(partnership=mou)
    assert min(a.starts.year for a in activities) == 2014
    for year in range(2014, 2027):
        assert activities.matching(year=year).exists(), year
    registered = Registration.objects.filter(agreement__partnership=mou)
    assert {r.registered_on.year for r in registered} >= {2014, 2026}
    exchanges = PersonnelExchange.objects.filter(partnership=mou)
    assert min(e.starts_on.year for e in exchanges) <= 2016
    assert max(e.starts_on.year for e in exchanges) == 2026


def test_the_agreements_are_at_every_stage_of_their_lifecycle(mou):
    with time_machine.travel(TODAY, tick=False):
        stages = Counter(a.effective_status() for a in Agreement.objects.filter(partnership=mou))
    A = Agreement.Status
    assert stages[A.EXPIRED] == 1
    assert stages[A.TERMINATED] == 1
    assert stages[A.SENT] == 1
    assert stages[A.DRAFT] == 1
    assert stages[A.IN_FORCE] >= 5
    assert Agreement.objects.filter(partnership=mou).exclude(renewal_months=None).exists()


def test_every_agreement_is_documented_registered_and_signed_as_the_rules_say(mou):
    for agreement in Agreement.objects.filter(partnership=mou):
        assert len(agreement.document_sha256) == 64 and agreement.document.name.endswith(".pdf")
        assert {p.party.organisation.short_name for p in agreement.agreement_parties.all()} == {
            "Stockholms stad",
            "KTH",
        }
        signatories = list(agreement.required_signatories.all())
        assert {s.party_id for s in signatories} == {
            p.party_id for p in agreement.agreement_parties.all()
        }
        assert all(s.person.is_fictional and s.title for s in signatories)
        if agreement.status == Agreement.Status.DRAFT:
            continue
        numbers = {
            r.party.organisation.short_name: r.registration_number
            for r in agreement.registrations.all()
        }
        assert re.fullmatch(r"V-\d{4}-\d{4}", numbers["KTH"])
        assert re.fullmatch(r"KS \d{4}/\d{4}", numbers["Stockholms stad"])
        for signature in agreement.signatures.all():
            assert signature.document_sha256 == agreement.document_sha256
            if signature.method == Signature.Method.IN_APP:
                # Signed in the application by the signatory, logged in as themself.
                assert signature.recorded_by.person_id == signature.signatory.person_id
            else:
                # A scan registered by a registrar of the signatory's party.
                assert signature.scan_sha256
                assert RoleAssignment.objects.filter(
                    user=signature.recorded_by,
                    partnership=mou,
                    organisation=signature.party.organisation,
                    role=Role.REGISTRAR,
                ).exists()
        if agreement.entered_into_force_on:
            last = max(s.signed_at for s in agreement.signatures.valid())
            assert agreement.entered_into_force_on == timezone.localdate(last)


def test_one_agreement_is_confidential_and_only_the_entitled_read_it(mou):
    marked = SecrecyMarking.objects.filter(
        agreement__isnull=False, target=SecrecyMarking.Target.DOCUMENT
    )
    assert marked.count() == 1
    secret = marked.get().agreement
    markings = list(secret.markings.all())
    assert {m.target for m in markings} == {"document", "title", "subject"}
    assert {(m.provision, m.authority.short_name) for m in markings} == {
        ("OSL 31 kap. 16 §", "Stockholms stad")
    }
    for username in ("lasare", "styrgrupp", "signerare_stad", "admin"):
        row = Agreement.objects.for_user(_user(username)).get(pk=secret.pk)
        assert is_masked(row.title) and is_masked(row.text), username
        entries = list(row.registrations.all())
        assert len(entries) == 2 and all(is_masked(e.subject) for e in entries)
        assert not any(is_masked(e.registration_number) for e in entries)  # the register is public
    for username in ("demo", "stad", "ledning", "registrator", "signerare_kth"):
        row = Agreement.objects.for_user(_user(username)).get(pk=secret.pk)
        assert row.title == secret.title and row.text == secret.text, username
    assert not Agreement.objects.for_user(_user("outsider")).exists()
    grant = AccessGrant.objects.get()
    assert grant.agreement == secret and grant.user.username == "signerare_kth" and grant.reason

    activity = secret.activities.get()
    assert {m.target for m in activity.markings.all()} >= {"title", "description"}
    assert is_masked(Activity.objects.for_user(_user("lasare")).get(pk=activity.pk).title)
    assert Activity.objects.for_user(_user("demo")).get(pk=activity.pk).title == activity.title


def _texts(instance) -> list[str]:
    return [str(getattr(instance, f.attname)) for f in instance._meta.concrete_fields]


def test_the_viewer_reads_no_secret_word_anywhere(mou):
    lasare = _user("lasare")
    texts = []
    for agreement in Agreement.objects.for_user(lasare):
        texts += _texts(agreement)
        for entry in agreement.registrations.all():
            texts += _texts(entry)
    for activity in Activity.objects.for_user(lasare):
        texts += _texts(activity)
        for row in [*activity.activity_parties.all(), *activity.participants_taking_part.all()]:
            texts += _texts(row)
    everything = "\n".join(texts).casefold()
    assert "sekretess (osl 31 kap. 16 §)" in everything  # the mask, in the default language
    for word in SECRET_WORDS:
        assert word not in everything, word
    # The entitled coordinator does read them.
    assert Agreement.objects.for_user(_user("demo")).filter(title__icontains="läckage").exists()


def test_one_agreement_awaits_the_signature_of_a_demo_user(mou):
    sent = Agreement.objects.filter(partnership=mou, status=Agreement.Status.SENT)
    assert sent.count() == 1
    agreement = sent.get()
    signed = set(agreement.signatures.valid().values_list("signatory_id", flat=True))
    missing = [s for s in agreement.required_signatories.all() if s.pk not in signed]
    assert len(signed) == 1 and len(missing) == 1
    signer = User.objects.get(person=missing[0].person)
    assert signer.username in {login.username for login in loader.DEMO_LOGINS}
    assert signer.check_password(loader.DEMO_PASSWORD)
    assert Agreement.objects.for_user(signer).filter(pk=agreement.pk).exists()

    # Signing puts it in force, and the activity it regulates may then start.
    activity = agreement.activities.get()
    assert activity.status == S.PLANNED and start_problems(activity)
    with time_machine.travel(TODAY, tick=False):
        sign_agreement(agreement, signatory=missing[0], actor=signer)
        assert agreement.status == Agreement.Status.IN_FORCE
        assert start_problems(activity) == []


def test_the_signatories_are_demo_users_who_see_the_partnership(mou):
    for username, organisation in (("signerare_stad", "Stockholms stad"), ("signerare_kth", "KTH")):
        signer = _user(username)
        assert signer.person.is_fictional
        assert signer.person.organisation.short_name == organisation
        assert Partnership.objects.visible_to(signer).filter(pk=mou.pk).exists()
        assert RequiredSignatory.objects.filter(person=signer.person).count() >= 3


def test_exchanges_follow_the_rules_of_the_mou(mou):
    exchanges = list(PersonnelExchange.objects.filter(partnership=mou))
    assert len(exchanges) >= 6
    approved = [e for e in exchanges if e.is_approved]
    assert len(approved) >= 4
    for exchange in exchanges:
        exchange.full_clean()
        if exchange.approvals.exists():
            assert approval_problems(exchange) == []
    assert [e for e in exchanges if approval_problems(e)]  # one still lacks a benefit
    assert [e for e in exchanges if e.approvals.count() == 1]  # one awaits the other party
