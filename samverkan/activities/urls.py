from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("<id:pk>/exchanges/", views.exchange_list, name="exchange_list"),
    path("<id:pk>/exchanges/new/", views.exchange_edit, name="exchange_create"),
    path(
        "<id:pk>/exchanges/export.csv",
        views.exchange_export,
        {"file_format": "csv"},
        name="exchange_export_csv",
    ),
    path(
        "<id:pk>/exchanges/export.xlsx",
        views.exchange_export,
        {"file_format": "xlsx"},
        name="exchange_export_xlsx",
    ),
    path("<id:pk>/exchanges/<id:exchange_pk>/", views.exchange_detail, name="exchange_detail"),
    path("<id:pk>/exchanges/<id:exchange_pk>/edit/", views.exchange_edit, name="exchange_edit"),
    path(
        "<id:pk>/exchanges/<id:exchange_pk>/approve/",
        views.exchange_approve,
        name="exchange_approve",
    ),
]
