"""API of the annual report: the report of a year, its files, the steering group's text,
issuing, the issued reports, their files and their comparison with the register now.

Same rules as the pages (followup/report_views.py): anyone taking part in the partnership reads,
as they may see it (what is marked secret is counted, its content masked); coordinators and the
steering group write the text and issue. A partnership the user does not take part in answers
404; an unknown format or language 400, naming the choices.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.partnerships.permissions import get_access_for_user, require
from samverkan.rest.exceptions import FormInvalid
from samverkan.rest.forms import bind, input_serializer
from samverkan.rest.schema import BAD_REQUEST, read_errors, write_errors
from samverkan.rest.views import check_shape, payload, save, version_of

from .models import IssuedReport, ReportText
from .report.compare import compare_issued
from .report.data import build_report, to_json
from .report.issue import (
    CONTENT_TYPES,
    FORMATS,
    LANGUAGES,
    ReportFormatError,
    check_format,
    check_language,
    file_name,
    issue_report,
    render_file,
)
from .report_views import ReportTextForm, check_year, text_for

TAGS = ["follow-up"]
YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, OpenApiParameter.PATH, description="The year, 1900–9999."
)
FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(FORMATS), required=True, description="The file format."
)
LANGUAGE = OpenApiParameter(
    "language",
    OpenApiTypes.STR,
    enum=list(LANGUAGES),
    description="The report's language; default: that of Accept-Language.",
)
REPORT_DESCRIPTION = (
    "The annual report as data (report/data.py `Report`): summary, totals, rows per area and "
    "per kind with last year's counts and figures, activities, exchanges, agreements in four "
    "groups, contact persons, open action items, compliance findings, dialogues, meetings and "
    "the steering group's text. Records with parts marked secret that the reader may not see "
    "are counted, shown masked, with `confidential: true` and no `url`."
)
FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The file (HTML, PDF, DOCX or XLSX).")


def _language(request: Request) -> str:
    code = (getattr(request, "LANGUAGE_CODE", "") or "sv").split("-")[0]
    return code if code in LANGUAGES else "sv"


def _checked(check, value: str) -> str:
    try:
        return check(value)
    except ReportFormatError as error:
        raise FormInvalid({error.field or "non_field_errors": [str(error.message)]}) from error


def _file(data: bytes, *, file_format: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ReportTextOut(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=9999)
    trends = serializers.CharField(allow_blank=True)
    challenges = serializers.CharField(allow_blank=True)
    proposals = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="0 while nothing is written; send it back when you change the text.",
    )


ReportTextIn = input_serializer(
    ReportTextForm,
    name="ReportTextIn",
    extra=(("version", lambda: serializers.IntegerField(min_value=0, required=False)),),
)


class IssueIn(serializers.Serializer):
    language = serializers.ChoiceField(choices=list(LANGUAGES))


class IssuedFileOut(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(FORMATS))
    sha256 = serializers.CharField()
    size = serializers.IntegerField(min_value=0)
    url = serializers.CharField(help_text="Where to download it.")


class IssuedReportOut(serializers.Serializer):
    id = serializers.UUIDField()
    partnership = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=1900, max_value=9999)
    language = serializers.ChoiceField(choices=list(LANGUAGES))
    issued_at = serializers.DateTimeField()
    issued_by = serializers.CharField(help_text="The username of who issued it.")
    files = IssuedFileOut(many=True)


class ValueChangeOut(serializers.Serializer):
    label = serializers.CharField()
    issued = serializers.CharField()
    current = serializers.CharField()


class RowChangeOut(serializers.Serializer):
    section = serializers.CharField()
    label = serializers.CharField()
    changes = ValueChangeOut(many=True)


class LineChangesOut(serializers.Serializer):
    section = serializers.CharField()
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())


class ComparisonOut(serializers.Serializer):
    unchanged = serializers.BooleanField()
    summary = ValueChangeOut(many=True)
    rows = RowChangeOut(many=True)
    lines = LineChangesOut(many=True)


def _text_out(text: ReportText | None, year: int) -> dict:
    if text is None:
        return {"year": year, "trends": "", "challenges": "", "proposals": "", "version": 0}
    return {
        "year": year,
        "trends": text.trends,
        "challenges": text.challenges,
        "proposals": text.proposals,
        "version": text.version,
    }


def _issued_out(issued: IssuedReport) -> dict:
    return {
        "id": issued.uuid,
        "partnership": issued.partnership_id,
        "year": issued.year,
        "language": issued.language,
        "issued_at": issued.issued_at,
        "issued_by": issued.issued_by.get_username(),
        "files": [
            {
                "format": f.format,
                "sha256": f.sha256,
                "size": f.size,
                "url": f"/api/v1/partnerships/{issued.partnership_id}/reports/issued/"
                f"{issued.uuid}/files/{f.format}/",
            }
            for f in issued.files.all()
        ],
    }


def _issued(request: Request, pk: int, issued_uuid: uuid.UUID) -> IssuedReport:
    access = get_access_for_user(request.user, pk)
    return get_object_or_404(
        IssuedReport.objects.select_related("issued_by").prefetch_related("files"),
        uuid=issued_uuid,
        partnership=access.partnership,
    )


class ReportDetail(APIView):
    @extend_schema(
        parameters=[YEAR, LANGUAGE],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description=REPORT_DESCRIPTION),
            400: BAD_REQUEST,
            **read_errors(),
        },
        tags=TAGS,
    )
    def get(self, request: Request, pk: int, year: int) -> Response:
        """The annual report of a year, as you may read it."""
        access = get_access_for_user(request.user, pk)
        check_year(year)
        language = _checked(
            check_language, request.query_params.get("language", _language(request))
        )
        report = build_report(access.partnership, year, user=request.user, language=language)
        return Response(to_json(report))


class ReportDocument(APIView):
    def perform_content_negotiation(self, request, force=False):
        # `?format=` names the file's format here, not the API's own renderer (DRF reads the
        # parameter for that): answer, and answer errors, in JSON whatever it says.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[YEAR, FORMAT, LANGUAGE],
        responses={200: FILE, 400: BAD_REQUEST, **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int, year: int) -> HttpResponse:
        """The annual report of a year as a file, as you may read it."""
        access = get_access_for_user(request.user, pk)
        check_year(year)
        file_format = _checked(check_format, request.query_params.get("format", ""))
        language = _checked(
            check_language, request.query_params.get("language", _language(request))
        )
        report = build_report(access.partnership, year, user=request.user, language=language)
        name = file_name(report, file_format, slug=access.partnership.slug)
        return _file(render_file(report, file_format), file_format=file_format, name=name)


class ReportTextDetail(APIView):
    @extend_schema(parameters=[YEAR], responses={200: ReportTextOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, year: int) -> Response:
        """The steering group's text of the year's report (empty, version 0, when none)."""
        access = get_access_for_user(request.user, pk)
        check_year(year)
        return Response(ReportTextOut(_text_out(text_for(access.partnership, year), year)).data)

    @extend_schema(
        parameters=[YEAR],
        request=ReportTextIn,
        responses={200: ReportTextOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, year: int) -> Response:
        """Write the steering group's text (coordinators and the steering group). Once written,
        send the version you read: 409 when someone saved in between."""
        access = get_access_for_user(request.user, pk)
        require(access.can_record_dialogues)
        check_year(year)
        check_shape(ReportTextIn, request)
        text = text_for(access.partnership, year)
        if text is not None:
            version_of(request)
        form = bind(
            ReportTextForm,
            payload(request),
            instance=text,
            partnership=access.partnership,
            year=year,
            user=request.user,
        )
        return Response(ReportTextOut(_text_out(save(form, request), year)).data)


class IssuedList(APIView):
    @extend_schema(responses={200: IssuedReportOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's issued reports, the latest first."""
        access = get_access_for_user(request.user, pk)
        issued = (
            IssuedReport.objects.filter(partnership=access.partnership)
            .select_related("issued_by")
            .prefetch_related("files")
        )
        return Response(IssuedReportOut([_issued_out(i) for i in issued], many=True).data)


class IssueReport(APIView):
    @extend_schema(
        parameters=[YEAR],
        request=IssueIn,
        responses={201: IssuedReportOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, year: int) -> Response:
        """Issue the year's report as every participant may read it (coordinators and the
        steering group): its four files are kept with their SHA-256."""
        access = get_access_for_user(request.user, pk)
        require(access.can_record_dialogues)
        check_year(year)
        body = IssueIn(data=payload(request))
        body.is_valid(raise_exception=True)
        issued = issue_report(
            access.partnership,
            year,
            language=body.validated_data["language"],
            actor=request.user,
        )
        issued = (
            IssuedReport.objects.prefetch_related("files")
            .select_related("issued_by")
            .get(pk=issued.pk)
        )
        return Response(IssuedReportOut(_issued_out(issued)).data, status=status.HTTP_201_CREATED)


class IssuedDetail(APIView):
    @extend_schema(responses={200: IssuedReportOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, issued_uuid: uuid.UUID) -> Response:
        """An issued report: when, by whom, and its files with their SHA-256."""
        return Response(IssuedReportOut(_issued_out(_issued(request, pk, issued_uuid))).data)


class IssuedFile(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "file_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS)
            )
        ],
        responses={200: FILE, **read_errors()},
        tags=TAGS,
    )
    def get(
        self, request: Request, pk: int, issued_uuid: uuid.UUID, file_format: str
    ) -> FileResponse:
        """One file of an issued report, as it was issued."""
        issued = _issued(request, pk, issued_uuid)
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


class IssuedCompare(APIView):
    @extend_schema(responses={200: ComparisonOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, issued_uuid: uuid.UUID) -> Response:
        """The issued report against the register now, both as every participant may read it."""
        comparison = compare_issued(_issued(request, pk, issued_uuid))
        return Response(ComparisonOut(comparison).data)


REPORTS = "partnerships/<id:pk>/reports/"

urlpatterns = [
    path(f"{REPORTS}issued/", IssuedList.as_view(), name="api-reports-issued"),
    path(f"{REPORTS}issued/<uuid:issued_uuid>/", IssuedDetail.as_view(), name="api-report-issued"),
    path(
        f"{REPORTS}issued/<uuid:issued_uuid>/files/<str:file_format>/",
        IssuedFile.as_view(),
        name="api-report-issued-file",
    ),
    path(
        f"{REPORTS}issued/<uuid:issued_uuid>/compare/",
        IssuedCompare.as_view(),
        name="api-report-compare",
    ),
    path(f"{REPORTS}<int:year>/", ReportDetail.as_view(), name="api-report"),
    path(f"{REPORTS}<int:year>/document/", ReportDocument.as_view(), name="api-report-document"),
    path(f"{REPORTS}<int:year>/text/", ReportTextDetail.as_view(), name="api-report-text"),
    path(f"{REPORTS}<int:year>/issue/", IssueReport.as_view(), name="api-report-issue"),
]
