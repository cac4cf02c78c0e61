from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from . import health, pages
from .lib.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="partnerships:list"), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("samverkan.accounts.urls")),
    path("api/v1/", include("samverkan.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("partnerships/", include("samverkan.partnerships.urls")),
    path("partnerships/", include("samverkan.activities.urls")),
    path("partnerships/", include("samverkan.agreements.urls")),
    path("innovation/", include("samverkan.innovation.urls")),
    path("reports/", include("samverkan.followup.rollup_urls")),
    path("reminders/", include("samverkan.reminders.urls")),
    path("calendar/", include("samverkan.calendars.urls")),
    path("", include("samverkan.organisations.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "samverkan.pages.not_found"
