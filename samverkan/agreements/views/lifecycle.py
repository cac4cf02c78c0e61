"""The document and the lifecycle of an agreement: uploading or replacing its document, sending
it for signature and taking it back to draft, signing in the application, registering a signed
scan, and recording its termination.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samverkan.audit.services import RecordClash
from samverkan.audit.views import apply_domain_error
from samverkan.lib.errors import DomainError
from samverkan.partnerships.permissions import get_access_for_user, require

from .. import permissions, services
from ..forms import ConfirmForm, DocumentForm, ScanForm, SignForm, TerminateForm
from ..models import Agreement, RequiredSignatory, Signature
from .editing import _form_page
from .reading import _agreement, _detail_url, _posted

# The document and the lifecycle


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    form = DocumentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            voided = services.replace_document(
                agreement, upload=form.cleaned_data["document"], actor=request.user
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            message = _("The document was saved.")
            if voided:
                message += " " + ngettext(
                    "The signature given to the earlier document was voided.",
                    "The %(count)d signatures given to the earlier document were voided.",
                    voided,
                ) % {"count": voided}
            messages.success(request, message)
            return redirect(_detail_url(pk, agreement))
    given = agreement.signatures.valid().count()
    warning = None
    if agreement.status == Agreement.Status.SENT and given:
        warning = ngettext(
            "One signature has been given. Replacing the document voids it: the signatory "
            "must sign the new document.",
            "%(count)d signatures have been given. Replacing the document voids them all: "
            "every signatory must sign the new document.",
            given,
        ) % {"count": given}
    return _form_page(
        request,
        form,
        title=_("Upload the agreement's document")
        if not agreement.document_sha256
        else _("Replace the agreement's document"),
        back_url=_detail_url(pk, agreement),
        submit=_("Upload"),
        warning=warning,
    )


def _lifecycle_step(
    request: HttpRequest,
    pk: int,
    agreement_uuid,
    *,
    title: str,
    submit: str,
    intro: str,
    step: Any,
    done: Any,
) -> HttpResponse:
    """Sending and taking back: a confirmation, the service, its refusal on the page."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = step(agreement, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done(result))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request, form, title=title, back_url=_detail_url(pk, agreement), submit=submit, intro=intro
    )


@login_required
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    return _lifecycle_step(
        request,
        pk,
        agreement_uuid,
        title=_("Send the agreement for signature?"),
        submit=_("Send for signature"),
        intro=_(
            "Once sent, the terms, the parties and the signatories are locked; the document "
            "can still be replaced, which voids the signatures given."
        ),
        step=services.send_for_signature,
        done=lambda _result: _("The agreement was sent for signature."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    def done(voided: int) -> str:
        message = _("The agreement was taken back to draft.")
        if voided:
            message += " " + ngettext(
                "The signature given was voided.",
                "The %(count)d signatures given were voided.",
                voided,
            ) % {"count": voided}
        return message

    return _lifecycle_step(
        request,
        pk,
        agreement_uuid,
        title=_("Take the agreement back to draft?"),
        submit=_("Take back to draft"),
        intro=_("Every signature given so far is voided; the history keeps them."),
        step=services.withdraw_from_signature,
        done=done,
    )


def _signatories(agreement: Agreement) -> QuerySet[RequiredSignatory]:
    return agreement.required_signatories.select_related("person", "party__organisation")


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    """The signatory, logged in, signs the document as it is now (in_app)."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    signatories = _signatories(agreement)
    own = [s for s in signatories if permissions.can_sign_as(request.user, s)]
    require(bool(own))
    form = SignForm(_posted(request), signatories=signatories, offered=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_agreement(
                agreement,
                signatory=form.cleaned_data["signatory"],
                actor=request.user,
                method=Signature.Method.IN_APP,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash:
            form.add_error("signatory", _("This signatory has already signed."))
        else:
            messages.success(request, _("Your signature was recorded."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Sign the agreement"),
        back_url=_detail_url(pk, agreement),
        submit=_("Sign"),
        intro=_(
            "You sign the document as it is now, identified by its SHA-256 %(hash)s. If the "
            "document is replaced later, your signature is voided."
        )
        % {"hash": agreement.document_sha256},
    )


@login_required
@require_http_methods(["GET", "POST"])
def scan(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    """A registrar registers the scan of a paper signed by a signatory of their own party."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    signatories = _signatories(agreement)
    allowed = [s for s in signatories if permissions.can_register_scan_for(access, s)]
    require(bool(allowed))
    form = ScanForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        signatories=signatories,
        offered=allowed,
    )
    if request.method == "POST" and form.is_valid():
        signatory = form.cleaned_data["signatory"]
        if signatory not in allowed:
            form.add_error("signatory", not_your_party())
        else:
            try:
                services.sign_agreement(
                    agreement,
                    signatory=signatory,
                    actor=request.user,
                    method=Signature.Method.SCAN,
                    scan=form.cleaned_data["scan"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
            except RecordClash:
                form.add_error("signatory", _("This signatory has already signed."))
            else:
                messages.success(request, _("The signed scan was registered."))
                return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Register a signed scan"),
        back_url=_detail_url(pk, agreement),
        submit=_("Register the signature"),
    )


def not_your_party() -> str:
    return _("You may register signed scans only for the signatories of your own party.")


@login_required
@require_http_methods(["GET", "POST"])
def terminate(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_terminate_agreement(access, agreement))
    form = TerminateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.terminate_agreement(
                agreement, on=form.cleaned_data["terminated_on"], actor=request.user
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The agreement was recorded as terminated."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Record that the agreement has ended"),
        back_url=_detail_url(pk, agreement),
        submit=_("Record the termination"),
    )
