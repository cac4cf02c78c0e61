"""Page URLs of the report, under a partnership (namespace `partnerships`)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("<id:pk>/reports/", report_views.report_index, name="report_index"),
    path("<id:pk>/reports/<int:year>/", report_views.report_page, name="report"),
    path(
        "<id:pk>/reports/<int:year>/download/",
        report_views.report_download,
        name="report_download",
    ),
    path("<id:pk>/reports/<int:year>/text/", report_views.report_text_edit, name="report_text"),
    path("<id:pk>/reports/<int:year>/issue/", report_views.report_issue, name="report_issue"),
    path(
        "<id:pk>/reports/issued/<uuid:issued_uuid>/",
        report_views.issued_detail,
        name="report_issued",
    ),
    path(
        "<id:pk>/reports/issued/<uuid:issued_uuid>/files/<str:file_format>/",
        report_views.issued_file,
        name="report_issued_file",
    ),
    path(
        "<id:pk>/reports/issued/<uuid:issued_uuid>/compare/",
        report_views.issued_compare,
        name="report_compare",
    ),
]
