"""Page URLs of the compliance panel and the leadership's dashboard, under a partnership
(namespace `partnerships`)."""

from django.urls import path

from . import compliance_views, dashboard_views

urlpatterns = [
    path("<id:pk>/compliance/", compliance_views.compliance_panel, name="compliance"),
    path("<id:pk>/dashboard/", dashboard_views.dashboard, name="dashboard"),
]
