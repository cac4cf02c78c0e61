"""Pages of the annual report (underlag): the report of a year, its files, the steering group's
text, issuing, the issued reports and their comparison with the register now.

Anyone taking part in the partnership reads (as they may see it: decision 0006); coordinators and
the steering group write the text and issue (`access.can_record_dialogues`). A partnership the
user does not take part in answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverkan.audit.forms import RecordForm
from samverkan.audit.views import form_page, save_record_form
from samverkan.partnerships.permissions import get_access_for_user, require

from .models import IssuedReport, IssuedReportFile, ReportText
from .report.compare import compare_issued
from .report.data import build_report
from .report.html import present
from .report.issue import (
    CONTENT_TYPES,
    FORMATS,
    LANGUAGES,
    ReportFormatError,
    check_format,
    check_language,
    file_intact,
    file_name,
    issue_report,
    render_file,
)

FIRST_YEAR = 1900
LAST_YEAR = 9999


class ReportTextForm(RecordForm):
    """The steering group's own text of a year's report; shared by the page and the API."""

    parent_fields = ("partnership", "year")

    class Meta:
        model = ReportText
        fields = ["trends", "challenges", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}

    def __init__(self, *args: Any, partnership, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.instance.year = year


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def text_for(partnership, year: int) -> ReportText | None:
    return ReportText.objects.filter(partnership=partnership, year=year).first()


def year_choices(partnership, year: int) -> list[int]:
    """The years the chooser offers: from the partnership's signing (or ten years back) to next
    year, and the year shown."""
    today = timezone.localdate()
    first = partnership.signed_on.year if partnership.signed_on else today.year - 10
    years = set(range(min(first, today.year), today.year + 2)) | {year}
    return sorted(years, reverse=True)


def _language(request: HttpRequest) -> str:
    code = (translation.get_language() or "sv").split("-")[0]
    return code if code in LANGUAGES else "sv"


@login_required
@require_GET
def report_index(request: HttpRequest, pk: int) -> HttpResponse:
    """The year chooser's target: the report of `?year=`, or of this year."""
    access = get_access_for_user(request.user, pk)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year
    return redirect("partnerships:report", access.partnership.pk, check_year(year))


@login_required
@require_GET
def report_page(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    check_year(year)
    partnership = access.partnership
    language = _language(request)
    report = build_report(partnership, year, user=request.user, language=language, access=access)
    issued = list(
        IssuedReport.objects.filter(partnership=partnership, year=year)
        .select_related("issued_by")
        .prefetch_related("files")
    )
    context = present(report)
    context.update(
        {
            "partnership": partnership,
            "access": access,
            "years": year_choices(partnership, year),
            "formats": FORMATS,
            "report_languages": [(code, _language_name(code)) for code in LANGUAGES],
            "issued": issued,
        }
    )
    return render(request, "followup/report.html", context)


def _language_name(code: str) -> str:
    return _("Swedish") if code == "sv" else _("English")


def _file_response(data: bytes, *, file_format: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The report as a file, `?format=pdf&language=en`, as the reader may see it."""
    access = get_access_for_user(request.user, pk)
    check_year(year)
    try:
        file_format = check_format(request.GET.get("format", ""))
        language = check_language(request.GET.get("language", _language(request)))
    except ReportFormatError as error:
        return render(
            request,
            "followup/report_error.html",
            {"partnership": access.partnership, "year": year, "message": error.message},
            status=400,
        )
    report = build_report(
        access.partnership, year, user=request.user, language=language, access=access
    )
    data = render_file(report, file_format)
    name = file_name(report, file_format, slug=access.partnership.slug)
    return _file_response(data, file_format=file_format, name=name)


@login_required
@require_http_methods(["GET", "POST"])
def report_text_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    check_year(year)
    form = ReportTextForm(
        request.POST or None,
        instance=text_for(access.partnership, year),
        partnership=access.partnership,
        year=year,
        user=request.user,
    )
    back_url = reverse("partnerships:report", args=[pk, year])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The steering group's text was saved.")
        )
        if response:
            return response
    return form_page(
        request,
        form,
        title=_("The steering group's text for %(year)s") % {"year": year},
        back_url=back_url,
        context={
            "intro": _(
                "Trends, challenges and proposals: the steering group's own words, kept with "
                "the report of the year."
            )
        },
    )


@login_required
@require_POST
def report_issue(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    check_year(year)
    try:
        language = check_language(request.POST.get("language", ""))
    except ReportFormatError as error:
        messages.error(request, error.message)
        return redirect("partnerships:report", pk, year)
    issued = issue_report(access.partnership, year, language=language, actor=request.user)
    messages.success(request, _("The report was issued. Its files are kept as they are now."))
    return redirect("partnerships:report_issued", pk, issued.uuid)


def get_issued_for_user(user, pk: int, issued_uuid: uuid.UUID):
    """(access, issued report) for a report of a partnership the user takes part in; 404
    otherwise, also for a report of another partnership."""
    access = get_access_for_user(user, pk)
    issued = get_object_or_404(
        IssuedReport.objects.select_related("issued_by", "partnership").prefetch_related("files"),
        uuid=issued_uuid,
        partnership=access.partnership,
    )
    return access, issued


@login_required
@require_GET
def issued_detail(request: HttpRequest, pk: int, issued_uuid: uuid.UUID) -> HttpResponse:
    access, issued = get_issued_for_user(request.user, pk, issued_uuid)
    files = [(record, file_intact(record)) for record in issued.files.all()]
    return render(
        request,
        "followup/report_issued.html",
        {"partnership": access.partnership, "issued": issued, "files": files},
    )


@login_required
@require_GET
def issued_file(
    request: HttpRequest, pk: int, issued_uuid: uuid.UUID, file_format: str
) -> HttpResponse:
    _access, issued = get_issued_for_user(request.user, pk, issued_uuid)
    if file_format not in FORMATS:
        raise Http404
    record = next((f for f in issued.files.all() if f.format == file_format), None)
    if record is None:
        raise Http404
    response = FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=file_name(issued, file_format, slug=issued.partnership.slug),
        content_type=CONTENT_TYPES[file_format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def issued_compare(request: HttpRequest, pk: int, issued_uuid: uuid.UUID) -> HttpResponse:
    access, issued = get_issued_for_user(request.user, pk, issued_uuid)
    comparison = compare_issued(issued)
    return render(
        request,
        "followup/report_compare.html",
        {"partnership": access.partnership, "issued": issued, "comparison": comparison},
    )


__all__ = ["IssuedReportFile", "ReportTextForm"]
