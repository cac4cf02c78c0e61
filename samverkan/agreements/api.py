"""API: a partnership's specific agreements (R8): drafting, the document, signing, the register
entries, secrecy markings and access by name. Same forms, services, permissions and masking as
the pages (agreements/views/).

Every answer is read through `Agreement.objects.for_user(user)`: what is marked secret comes
masked, as the text "Secret (<provision>)", for whoever is not entitled (`entitled` says
which); the document is downloadable only by those entitled (404 otherwise). Agreements are
addressed by their uuid. A partnership the user takes no part in answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import ProtectedError, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.audit.services import RecordClash, delete_record
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require
from samverkan.rest.exceptions import FormInvalid
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.history import HistoryEntryOut
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import (
    VERSION_PARAMETER,
    ListView,
    check_shape,
    payload,
    save,
    search_text,
    version_of,
    version_parameter,
)

from . import permissions, services
from .forms import (
    AGREEMENT_TARGET_CHOICES,
    AgreementFilterForm,
    AgreementForm,
    DocumentForm,
    GrantForm,
    MarkingForm,
    RegistrationForm,
    RegulationsForm,
    ScanForm,
    SignatoryForm,
    SignForm,
    TerminateForm,
)
from .models import (
    AccessGrant,
    Agreement,
    Registration,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
    markings_prefetch,
    signing,
)
from .views.detail import document_response, load_details, may_open, signatory_rows
from .views.lifecycle import not_your_party
from .views.reading import VISIBLE_TITLE, agreements_for, document_hidden, filter_agreements
from .views.register import marking_authorities, may_write_registration, registration_for
from .views.release import agreement_history

TAGS = ["agreements"]
MASK_HELP = 'Masked as "Secret (<provision>)" where marked secret and you are not entitled.'

# Output


class AgreementPartyOut(serializers.Serializer):
    party = serializers.IntegerField(source="party_id")
    organisation = serializers.IntegerField(source="party.organisation_id")
    organisation_name = serializers.CharField(source="party.organisation.name")


class RegistrationOut(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    organisation_name = serializers.CharField(source="party.organisation.name")
    registration_number = serializers.CharField()
    registered_on = serializers.DateField()
    direction = serializers.ChoiceField(choices=Registration.Direction.choices)
    correspondent = serializers.CharField(help_text=MASK_HELP)
    subject = serializers.CharField(help_text=MASK_HELP)
    version = serializers.IntegerField()


class SignatureOut(serializers.Serializer):
    id = serializers.IntegerField()
    signed_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=Signature.Method.choices)
    recorded_by = serializers.CharField(allow_null=True)
    document_sha256 = serializers.CharField(
        help_text="The SHA-256 of the document signed. " + MASK_HELP
    )
    valid = serializers.BooleanField(help_text="False once voided.")
    voided_at = serializers.DateTimeField(allow_null=True)
    void_reason = serializers.CharField()


class SignatoryOut(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.IntegerField()
    organisation_name = serializers.CharField()
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    title = serializers.CharField()
    signed = serializers.BooleanField(help_text="Whether a valid signature stands.")
    signatures = SignatureOut(many=True, help_text="Every signature given, voided ones too.")


class MarkingOut(serializers.Serializer):
    id = serializers.IntegerField()
    target = serializers.ChoiceField(choices=AGREEMENT_TARGET_CHOICES)
    provision = serializers.CharField()
    marked_on = serializers.DateField()
    authority = serializers.IntegerField(source="authority_id")
    authority_name = serializers.CharField(source="authority.name")
    version = serializers.IntegerField()


class GrantOut(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    user_name = serializers.CharField(source="user")
    reason = serializers.CharField()
    granted_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class AgreementOut(serializers.Serializer):
    uuid = serializers.UUIDField()
    partnership = serializers.IntegerField(source="partnership_id")
    title = serializers.CharField(help_text=MASK_HELP)
    text = serializers.CharField(help_text=MASK_HELP)
    status = serializers.ChoiceField(
        choices=Agreement.Status.choices, help_text="The recorded status."
    )
    effective_status = serializers.ChoiceField(
        choices=Agreement.Status.choices,
        help_text="The status today: an agreement in force past its term has expired.",
    )
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    notice_months = serializers.IntegerField(allow_null=True)
    renewal_months = serializers.IntegerField(allow_null=True)
    current_end = serializers.DateField(
        allow_null=True, help_text="The end of the term running today, renewals counted."
    )
    notice_deadline = serializers.DateField(
        allow_null=True, help_text="The last day to give notice before the current term ends."
    )
    entered_into_force_on = serializers.DateField(allow_null=True)
    terminated_on = serializers.DateField(allow_null=True)
    entitled = serializers.BooleanField(
        help_text="Whether you may see what is marked secret (and download the document)."
    )
    has_document = serializers.BooleanField()
    document_name = serializers.CharField(help_text=MASK_HELP)
    document_size = serializers.IntegerField(allow_null=True)
    document_sha256 = serializers.CharField(help_text=MASK_HELP)
    parties = AgreementPartyOut(many=True)
    activities = serializers.ListField(
        child=serializers.IntegerField(), help_text="The activities it regulates."
    )
    registrations = RegistrationOut(many=True, help_text="Its entry in each party's register.")
    signatories = SignatoryOut(many=True)
    signatures_given = serializers.IntegerField()
    signatures_required = serializers.IntegerField()
    markings = MarkingOut(many=True)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()


def _signature(signature: Signature, mask: Any) -> dict[str, Any]:
    return {
        "id": signature.pk,
        "signed_at": signature.signed_at,
        "method": signature.method,
        "recorded_by": str(signature.recorded_by) if signature.recorded_by else None,
        "document_sha256": str(mask) if mask else signature.document_sha256,
        "valid": signature.is_valid,
        "voided_at": signature.voided_at,
        "void_reason": signature.get_void_reason_display() if signature.void_reason else "",
    }


def _as_answer(agreement: Agreement) -> dict[str, Any]:
    """What AgreementOut shows of an agreement read through for_user, details loaded."""
    mask = document_hidden(agreement)
    rows = signatory_rows(agreement)
    signatories = []
    for row in rows:
        signatory = row["signatory"]
        signatures = [row["signature"], *row["voided"]] if row["signature"] else row["voided"]
        signatories.append(
            {
                "id": signatory.pk,
                "party": signatory.party_id,
                "organisation_name": signatory.party.organisation.name,
                "person": signatory.person_id,
                "person_name": signatory.person.name,
                "title": signatory.title,
                "signed": row["signature"] is not None,
                "signatures": [_signature(s, mask) for s in signatures],
            }
        )
    return {
        "uuid": agreement.uuid,
        "partnership_id": agreement.partnership_id,
        "title": str(agreement.title),
        "text": str(agreement.text),
        "status": agreement.status,
        "effective_status": agreement.effective_status(),
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "notice_months": agreement.notice_months,
        "renewal_months": agreement.renewal_months,
        "current_end": agreement.current_end(),
        "notice_deadline": agreement.notice_deadline(),
        "entered_into_force_on": agreement.entered_into_force_on,
        "terminated_on": agreement.terminated_on,
        "entitled": bool(agreement.entitled),
        "has_document": bool(agreement.document_size),
        "document_name": str(agreement.document_name),
        "document_size": None if mask else agreement.document_size,  # as the page: masked
        "document_sha256": str(agreement.document_sha256),
        "parties": list(agreement.agreement_parties.all()),
        "activities": [r.activity_id for r in agreement.regulations.all()],
        "registrations": list(agreement.registrations.all()),
        "signatories": signatories,
        "signatures_given": sum(1 for row in rows if row["signature"]),
        "signatures_required": len(rows),
        "markings": agreement.secrecy_markings(),
        "version": agreement.version,
        "created_at": agreement.created_at,
    }


def _answer(agreement: Agreement) -> dict[str, Any]:
    return AgreementOut(_as_answer(agreement)).data


# Input: the pages' forms as serializers (for the schema and the shape of the JSON).

AgreementIn = input_serializer(AgreementForm, name="AgreementIn")
AgreementUpdate = input_serializer(AgreementForm, name="AgreementUpdate", with_version=True)
AgreementPatch = input_serializer(
    AgreementForm, name="AgreementPatch", partial=True, with_version=True
)
RegulationsIn = input_serializer(RegulationsForm, name="AgreementActivitiesIn")
SignatoryIn = input_serializer(SignatoryForm, name="AgreementSignatoryIn")
SignIn = input_serializer(SignForm, name="AgreementSignIn")
TerminateIn = input_serializer(TerminateForm, name="AgreementTerminateIn")
RegistrationIn = input_serializer(RegistrationForm, name="AgreementRegistrationIn")
RegistrationPatch = input_serializer(
    RegistrationForm, name="AgreementRegistrationPatch", partial=True, with_version=True
)
MarkingIn = input_serializer(MarkingForm, name="AgreementMarkingIn")
GrantIn = input_serializer(GrantForm, name="AgreementGrantIn")
DocumentIn = inline_serializer(
    name="AgreementDocumentIn",
    fields={"document": serializers.FileField(help_text="The agreement as a PDF.")},
)
ScanIn = inline_serializer(
    name="AgreementScanIn",
    fields={
        "signatory": serializers.IntegerField(help_text="The required signatory who signed."),
        "scan": serializers.FileField(help_text="The signed paper, scanned, as a PDF."),
    },
)
DOCUMENT_ANSWER = inline_serializer(
    name="AgreementDocumentOut",
    fields={
        "voided": serializers.IntegerField(
            help_text="How many signatures the replacement voided (they signed another text)."
        ),
        "agreement": AgreementOut(),
    },
)
REMOVED = OpenApiResponse(description="Removed; the history keeps who removed it.")


# Fetching


def _agreement(request: Request, access: PartnershipAccess, agreement_uuid) -> Agreement:
    agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
    load_details(agreement)
    return agreement


def _reread(request: Request, access: PartnershipAccess, agreement: Agreement) -> Agreement:
    """The agreement as the user may see it now (after a service changed it)."""
    return _agreement(request, access, agreement.uuid)


FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words of the title or the text, or "
                     "part of a registration number. What is masked for you is not searched."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Agreement.Status.values,
                     description="The status today (in force past its term: expired)."),
    OpenApiParameter("organisation", OpenApiTypes.INT, description="A party's organisation."),
    OpenApiParameter("year", OpenApiTypes.INT, description="Runs at some time in that year."),
    OpenApiParameter("kind", OpenApiTypes.STR, description="The kind of an activity regulated."),
    OpenApiParameter("area", OpenApiTypes.INT, description="The area of an activity regulated."),
    OpenApiParameter("unit", OpenApiTypes.INT,
                     description="A unit taking part in an activity regulated."),
]  # fmt: skip


def _list(request: Request, access: PartnershipAccess) -> QuerySet[Agreement]:
    params = request.query_params.copy()
    params["q"] = search_text(request)
    filters = AgreementFilterForm(params, partnership=access.partnership)
    criteria = filters.criteria()
    return (
        filter_agreements(agreements_for(request.user, access), **criteria)
        .annotate(sort_key=VISIBLE_TITLE)
        .prefetch_related(markings_prefetch(), signing(), "regulations")
    )


# Agreements


class AgreementList(ListView):
    keyset_field = "sort_key"

    @extend_schema(
        parameters=FILTERS, responses={200: AgreementOut(many=True), **read_errors()}, tags=TAGS
    )
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's agreements by title (as you see it), paged; with the filters.

        Every agreement's register entry is listed; what is marked secret comes masked unless
        you are entitled, and a search never finds an agreement by a word masked for you.
        """
        access = get_access_for_user(request.user, pk)
        rows = self.paginate_queryset(_list(request, access))
        # One list serializer: its fields are built once, not copied anew for every row.
        answers = AgreementOut([_as_answer(agreement) for agreement in rows], many=True).data
        return self.get_paginated_response(answers)

    @extend_schema(
        request=AgreementIn,
        responses={201: AgreementOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record an agreement as a draft (coordinators), with its parties (at least one of
        the partnership's) and the activities it regulates (those you may see in full)."""
        access = get_access_for_user(request.user, pk)
        require(permissions.can_draft_agreements(access))
        check_shape(AgreementIn, request)
        form = bind(
            AgreementForm, payload(request), partnership=access.partnership, user=request.user
        )
        agreement = save(form, request)
        return Response(
            _answer(_reread(request, access, agreement)), status=status.HTTP_201_CREATED
        )


class AgreementDetail(APIView):
    @extend_schema(responses={200: AgreementOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, agreement_uuid) -> Response:
        """One agreement: its register entries, parties, term, document, signatories with
        every signature (voided ones too) and secrecy markings, masked as you are entitled."""
        access = get_access_for_user(request.user, pk)
        return Response(_answer(_agreement(request, access, agreement_uuid)))

    def _update(self, request: Request, pk: int, agreement_uuid, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        require(permissions.can_edit_agreement(access, agreement))
        services.check_terms_editable(agreement)
        check_shape(AgreementPatch if partial else AgreementUpdate, request)
        version_of(request)
        form = bind(
            AgreementForm,
            payload(request),
            instance=agreement,
            partial=partial,
            partnership=access.partnership,
            user=request.user,
        )
        save(form, request)
        return Response(_answer(_reread(request, access, agreement)))

    @extend_schema(
        request=AgreementUpdate, responses={200: AgreementOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Replace a draft's terms, parties and activities (coordinators entitled to it);
        send the version you read. Refused (400) once sent for signature."""
        return self._update(request, pk, agreement_uuid, partial=False)

    @extend_schema(
        request=AgreementPatch, responses={200: AgreementOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Change some of a draft's terms, parties or activities; send the version you read."""
        return self._update(request, pk, agreement_uuid, partial=True)


class AgreementActivities(APIView):
    @extend_schema(
        request=RegulationsIn, responses={200: AgreementOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Set the activities the agreement regulates (coordinators entitled to it), in any
        status but expired or terminated. Activities you may not see in full stay as they are.
        """
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        require(permissions.can_edit_agreement(access, agreement))
        if agreement.effective_status() in (Agreement.Status.EXPIRED, Agreement.Status.TERMINATED):
            raise FormInvalid(
                {
                    "activities": [
                        _("The activities of an agreement that has ended can no longer be changed.")
                    ]
                }
            )
        check_shape(RegulationsIn, request)
        form = validated(
            bind(RegulationsForm, payload(request), agreement=agreement, user=request.user)
        )
        form.persist(request.user)
        return Response(_answer(_reread(request, access, agreement)))


class AgreementHistory(APIView):
    @extend_schema(responses={200: HistoryEntryOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Who changed what in the agreement and the records under it, newest first; what is
        marked secret masked in every version unless you are entitled."""
        access = get_access_for_user(request.user, pk)
        agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
        entries = agreement_history(request.user, agreement)
        return Response(HistoryEntryOut(entries, many=True).data)


# The document and the lifecycle


class AgreementDocument(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            ),
            **read_errors(),
        },
        tags=TAGS,
    )
    def get(self, request: Request, pk: int, agreement_uuid) -> Any:
        """Download the document: only if you are entitled to it (404 otherwise, and when
        there is none)."""
        access = get_access_for_user(request.user, pk)
        agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
        return document_response(agreement)

    @extend_schema(
        request={"multipart/form-data": DocumentIn},
        responses={200: DOCUMENT_ANSWER, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Upload or replace the document (multipart, field `document`): a PDF, sniffed and
        parsed, within the size limit, kept with its SHA-256. Allowed in a draft and while out
        for signature; a replacement then voids every signature given (`voided`)."""
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        require(permissions.can_edit_agreement(access, agreement))
        form = validated(DocumentForm(data=request.data, files=request.FILES))
        voided = services.replace_document(
            agreement, upload=form.cleaned_data["document"], actor=request.user
        )
        return Response(
            {"voided": voided, "agreement": _answer(_reread(request, access, agreement))}
        )

    @extend_schema(
        request={"multipart/form-data": DocumentIn},
        responses={200: DOCUMENT_ANSWER, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, agreement_uuid) -> Response:
        """The same as POST: upload or replace the document."""
        return self.post(request, pk, agreement_uuid)


def _lifecycle(request: Request, pk: int, agreement_uuid, step: Any) -> Response:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    step(agreement, actor=request.user)
    return Response(_answer(_reread(request, access, agreement)))


class AgreementSend(APIView):
    @extend_schema(
        request=None, responses={200: AgreementOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Send a draft for signature: needs the document and a required signatory for each
        party. Its terms, parties and signatories are locked from then on."""
        return _lifecycle(request, pk, agreement_uuid, services.send_for_signature)


class AgreementWithdraw(APIView):
    @extend_schema(
        request=None, responses={200: AgreementOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Take an agreement out for signature back to draft; the signatures given are voided
        (and kept, visibly)."""
        return _lifecycle(request, pk, agreement_uuid, services.withdraw_from_signature)


def _signatories(agreement: Agreement) -> QuerySet[RequiredSignatory]:
    return agreement.required_signatories.select_related("person", "party__organisation")


class AgreementSign(APIView):
    @extend_schema(request=SignIn, responses={201: AgreementOut, **write_errors()}, tags=TAGS)
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Sign the document as it is now, in the application, as one of the agreement's
        required signatories (you, logged in: 403 if you are none of them). Refused (400 on
        `signatory`) for a draft, an agreement not out for signature, another person's
        place, and a second signature. The last signature puts the agreement in force."""
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        signatories = _signatories(agreement)
        require(any(permissions.can_sign_as(request.user, s) for s in signatories))
        check_shape(SignIn, request)
        form = validated(bind(SignForm, payload(request), signatories=signatories))
        _sign(agreement, form.cleaned_data["signatory"], request, Signature.Method.IN_APP)
        return Response(
            _answer(_reread(request, access, agreement)), status=status.HTTP_201_CREATED
        )


def _sign(agreement: Agreement, signatory: Any, request: Request, method: str, **kwargs) -> None:
    try:
        services.sign_agreement(
            agreement, signatory=signatory, actor=request.user, method=method, **kwargs
        )
    except RecordClash as clash:
        # The same signatory signing twice at the same moment: the other request counted.
        raise FormInvalid({"signatory": [_("This signatory has already signed.")]}) from clash


class AgreementScan(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ScanIn},
        responses={201: AgreementOut, **write_errors()},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Register the scan of a paper signed by a required signatory of your own party
        (registrars; multipart: `signatory`, `scan`). The scan is a PDF, kept with its own
        SHA-256; the signature records the hash of the agreement's document as it is now."""
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        signatories = _signatories(agreement)
        allowed = [s for s in signatories if permissions.can_register_scan_for(access, s)]
        require(bool(allowed))
        form = validated(ScanForm(data=request.data, files=request.FILES, signatories=signatories))
        signatory = form.cleaned_data["signatory"]
        if signatory not in allowed:
            raise FormInvalid({"signatory": [not_your_party()]})
        _sign(agreement, signatory, request, Signature.Method.SCAN, scan=form.cleaned_data["scan"])
        return Response(
            _answer(_reread(request, access, agreement)), status=status.HTTP_201_CREATED
        )


class AgreementTerminate(APIView):
    @extend_schema(
        request=TerminateIn, responses={200: AgreementOut, **write_errors(conflict=False)},
        tags=TAGS,
    )  # fmt: skip
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Record that an agreement in force has ended on a day, by notice or by the parties'
        decision (coordinators and leadership of its parties)."""
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        require(permissions.can_terminate_agreement(access, agreement))
        check_shape(TerminateIn, request)
        form = validated(bind(TerminateForm, payload(request)))
        services.terminate_agreement(
            agreement, on=form.cleaned_data["terminated_on"], actor=request.user
        )
        return Response(_answer(_reread(request, access, agreement)))


# Required signatories


class SignatoryList(APIView):
    @extend_schema(request=SignatoryIn, responses={201: AgreementOut, **write_errors()}, tags=TAGS)
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Name a required signatory of a draft: a person of one of its parties'
        organisations (among the people you may see), with their title."""
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        require(permissions.can_edit_agreement(access, agreement))
        services.check_terms_editable(agreement)
        check_shape(SignatoryIn, request)
        save(bind(SignatoryForm, payload(request), agreement=agreement, user=request.user), request)
        return Response(
            _answer(_reread(request, access, agreement)), status=status.HTTP_201_CREATED
        )


class SignatoryDetail(APIView):
    @extend_schema(
        request=None,
        parameters=[VERSION_PARAMETER],
        responses={204: REMOVED, **write_errors()},
        tags=TAGS,
    )
    def delete(self, request: Request, pk: int, agreement_uuid, signatory_pk: int) -> Response:
        """Remove a required signatory from a draft; name the version you read. One whose
        signatures the history keeps cannot be removed (400)."""
        access = get_access_for_user(request.user, pk)
        agreement = _agreement(request, access, agreement_uuid)
        signatory = get_object_or_404(agreement.required_signatories.all(), pk=signatory_pk)
        require(permissions.can_edit_agreement(access, agreement))
        services.check_terms_editable(agreement)
        try:
            delete_record(
                signatory, actor=request.user, expected_version=version_parameter(request)
            )
        except ProtectedError as protected:
            raise FormInvalid(
                {
                    "non_field_errors": [
                        _(
                            "This record is referred to by others that the history must keep "
                            "(signatures given, for example), so it cannot be removed."
                        )
                    ]
                }
            ) from protected
        return Response(status=status.HTTP_204_NO_CONTENT)


# Register entries


class RegistrationList(APIView):
    @extend_schema(responses={200: RegistrationOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, agreement_uuid) -> Response:
        """The agreement's entry in each party's register: public, with the correspondent
        and the subject masked where marked and you are not entitled."""
        access = get_access_for_user(request.user, pk)
        agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
        return Response(RegistrationOut(agreement.registrations.all(), many=True).data)

    @extend_schema(
        request=RegistrationIn, responses={201: RegistrationOut, **write_errors()}, tags=TAGS
    )
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Register the agreement in your own party's register (its registrars and
        coordinators): one entry per party, its number unique in that party's register."""
        access = get_access_for_user(request.user, pk)
        agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
        organisations = permissions.registration_organisations(access, agreement)
        require(bool(organisations))
        check_shape(RegistrationIn, request)
        form = bind(
            RegistrationForm,
            payload(request),
            agreement=agreement,
            organisations=organisations,
            user=request.user,
        )
        registration = save(form, request)
        return Response(
            RegistrationOut(registration_for(request.user, agreement, registration.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class RegistrationDetail(APIView):
    def _registration(self, request: Request, pk: int, agreement_uuid, registration_pk: int):
        access = get_access_for_user(request.user, pk)
        agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
        registration = registration_for(request.user, agreement, registration_pk)
        require(may_write_registration(access, agreement, registration))
        return access, agreement, registration

    @extend_schema(
        request=RegistrationPatch, responses={200: RegistrationOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int, agreement_uuid, registration_pk: int) -> Response:
        """Change your own party's register entry; send the version you read."""
        access, agreement, registration = self._registration(
            request, pk, agreement_uuid, registration_pk
        )
        check_shape(RegistrationPatch, request)
        version_of(request)
        form = bind(
            RegistrationForm,
            payload(request),
            instance=registration,
            partial=True,
            agreement=agreement,
            organisations=permissions.registration_organisations(access, agreement),
            user=request.user,
        )
        save(form, request)
        return Response(
            RegistrationOut(registration_for(request.user, agreement, registration_pk)).data
        )

    @extend_schema(
        request=None,
        parameters=[VERSION_PARAMETER],
        responses={204: REMOVED, **write_errors()},
        tags=TAGS,
    )
    def delete(self, request: Request, pk: int, agreement_uuid, registration_pk: int) -> Response:
        """Remove your own party's register entry; name the version you read."""
        _access, _agreement_, registration = self._registration(
            request, pk, agreement_uuid, registration_pk
        )
        delete_record(registration, actor=request.user, expected_version=version_parameter(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Secrecy markings and access by name


def _marking_access(request: Request, pk: int, agreement_uuid):
    access = get_access_for_user(request.user, pk)
    agreement = permissions.get_agreement_for_user(request.user, access, agreement_uuid)
    return access, agreement


class MarkingList(APIView):
    @extend_schema(responses={200: MarkingOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, agreement_uuid) -> Response:
        """The agreement's secrecy markings: what is secret, the provision, the date and the
        authority that marked it (public: the register says what it leaves out, and why)."""
        _access, agreement = _marking_access(request, pk, agreement_uuid)
        return Response(MarkingOut(agreement.secrecy_markings(), many=True).data)

    @extend_schema(request=MarkingIn, responses={201: MarkingOut, **write_errors()}, tags=TAGS)
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Mark a part secret (registrars and coordinators of its parties), citing the
        provision, the date and the authority: one of your own organisations among them."""
        access, agreement = _marking_access(request, pk, agreement_uuid)
        require(permissions.can_mark_secret(access, agreement))
        check_shape(MarkingIn, request)
        form = validated(
            bind(
                MarkingForm,
                payload(request),
                authorities=marking_authorities(access, agreement),
            )
        )
        data = form.cleaned_data
        marking = services.mark_secret(
            agreement=agreement,
            target=data["target"],
            provision=data["provision"],
            marked_on=data["marked_on"],
            authority=data["authority"],
            actor=request.user,
        )
        return Response(MarkingOut(marking).data, status=status.HTTP_201_CREATED)


class MarkingDetail(APIView):
    @extend_schema(request=None, responses={204: REMOVED, **write_errors()}, tags=TAGS)
    def delete(self, request: Request, pk: int, agreement_uuid, marking_pk: int) -> Response:
        """Lift a secrecy marking after a new assessment (registrars and coordinators of its
        parties); the history keeps it."""
        access, agreement = _marking_access(request, pk, agreement_uuid)
        marking = get_object_or_404(
            SecrecyMarking.objects.filter(agreement=agreement), pk=marking_pk
        )
        require(may_open(access, agreement))
        services.remove_marking(marking, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GrantList(APIView):
    @extend_schema(responses={200: GrantOut(many=True), **write_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, agreement_uuid) -> Response:
        """The users given access by name (only to users entitled to the agreement: 403)."""
        _access, agreement = _marking_access(request, pk, agreement_uuid)
        require(bool(agreement.entitled))
        grants = AccessGrant.objects.filter(agreement=agreement).select_related(
            "user", "granted_by"
        )
        return Response(GrantOut(grants, many=True).data)

    @extend_schema(request=GrantIn, responses={201: GrantOut, **write_errors()}, tags=TAGS)
    def post(self, request: Request, pk: int, agreement_uuid) -> Response:
        """Give a user of the partnership access to what is marked secret on the agreement
        and on the activities it regulates, saying why (registrars and coordinators of its
        parties)."""
        access, agreement = _marking_access(request, pk, agreement_uuid)
        require(may_open(access, agreement))
        check_shape(GrantIn, request)
        form = validated(bind(GrantForm, payload(request), partnership=access.partnership))
        grant = services.grant_access(
            agreement,
            user=form.cleaned_data["user"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        return Response(GrantOut(grant).data, status=status.HTTP_201_CREATED)


class GrantDetail(APIView):
    @extend_schema(request=None, responses={204: REMOVED, **write_errors()}, tags=TAGS)
    def delete(self, request: Request, pk: int, agreement_uuid, grant_pk: int) -> Response:
        """Take back a user's access by name; the history keeps it."""
        access, agreement = _marking_access(request, pk, agreement_uuid)
        require(may_open(access, agreement))
        grant = get_object_or_404(AccessGrant.objects.filter(agreement=agreement), pk=grant_pk)
        services.revoke_access(grant, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


AGREEMENT = "partnerships/<id:pk>/agreements/<uuid:agreement_uuid>/"

urlpatterns = [
    path("partnerships/<id:pk>/agreements/", AgreementList.as_view(), name="api-agreements"),
    path(AGREEMENT, AgreementDetail.as_view(), name="api-agreement"),
    path(f"{AGREEMENT}activities/", AgreementActivities.as_view(), name="api-agreement-activities"),
    path(f"{AGREEMENT}history/", AgreementHistory.as_view(), name="api-agreement-history"),
    path(f"{AGREEMENT}document/", AgreementDocument.as_view(), name="api-agreement-document"),
    path(f"{AGREEMENT}send/", AgreementSend.as_view(), name="api-agreement-send"),
    path(f"{AGREEMENT}withdraw/", AgreementWithdraw.as_view(), name="api-agreement-withdraw"),
    path(f"{AGREEMENT}sign/", AgreementSign.as_view(), name="api-agreement-sign"),
    path(f"{AGREEMENT}scan/", AgreementScan.as_view(), name="api-agreement-scan"),
    path(f"{AGREEMENT}terminate/", AgreementTerminate.as_view(), name="api-agreement-terminate"),
    path(f"{AGREEMENT}signatories/", SignatoryList.as_view(), name="api-agreement-signatories"),
    path(
        f"{AGREEMENT}signatories/<id:signatory_pk>/",
        SignatoryDetail.as_view(),
        name="api-agreement-signatory",
    ),
    path(
        f"{AGREEMENT}registrations/",
        RegistrationList.as_view(),
        name="api-agreement-registrations",
    ),
    path(
        f"{AGREEMENT}registrations/<id:registration_pk>/",
        RegistrationDetail.as_view(),
        name="api-agreement-registration",
    ),
    path(f"{AGREEMENT}markings/", MarkingList.as_view(), name="api-agreement-markings"),
    path(
        f"{AGREEMENT}markings/<id:marking_pk>/",
        MarkingDetail.as_view(),
        name="api-agreement-marking",
    ),
    path(f"{AGREEMENT}grants/", GrantList.as_view(), name="api-agreement-grants"),
    path(f"{AGREEMENT}grants/<id:grant_pk>/", GrantDetail.as_view(), name="api-agreement-grant"),
]
