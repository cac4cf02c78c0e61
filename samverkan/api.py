"""The REST API under /api/v1/: each app's endpoints, the OpenAPI schema and its browser."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
    path("", include("samverkan.accounts.api")),
    path("", include("samverkan.organisations.api")),
    path("", include("samverkan.partnerships.api")),
    path("", include("samverkan.areas.api")),
    path("", include("samverkan.followup.dialogue_api")),
    path("", include("samverkan.followup.steering_api")),
    path("", include("samverkan.followup.report_api")),
    path("", include("samverkan.followup.compliance_api")),
    path("", include("samverkan.innovation.office_api")),
    path("", include("samverkan.innovation.case_api")),
    path("", include("samverkan.innovation.figures_api")),
    path("", include("samverkan.reminders.api")),
    path("", include("samverkan.calendars.api")),
    path("", include("samverkan.activities.api")),
    path("", include("samverkan.agreements.api")),
    path("", include("samverkan.activities.activity_api")),
    path("", include("samverkan.activities.activity_parts_api")),
]
