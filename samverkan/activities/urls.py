from django.urls import path

from . import activity_history, activity_views, views

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
    # Activities (R3, R4)
    path("<id:pk>/activities/", activity_views.activity_list, name="activity_list"),
    path("<id:pk>/activities/new/", activity_views.activity_edit, name="activity_create"),
    path("<id:pk>/activities/kinds/", activity_views.kind_settings, name="kind_settings"),
    path(
        "<id:pk>/activities/export.csv",
        activity_views.activity_export,
        {"file_format": "csv"},
        name="activity_export_csv",
    ),
    path(
        "<id:pk>/activities/export.xlsx",
        activity_views.activity_export,
        {"file_format": "xlsx"},
        name="activity_export_xlsx",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/",
        activity_views.activity_detail,
        name="activity_detail",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/edit/",
        activity_views.activity_edit,
        name="activity_edit",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/status/",
        activity_views.activity_status,
        name="activity_status",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/participants/new/",
        activity_views.participant_add,
        name="participant_add",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/participants/<id:participant_pk>/remove/",
        activity_views.participant_remove,
        name="participant_remove",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/parties/<id:party_pk>/edit/",
        activity_views.party_edit,
        name="party_edit",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/markings/new/",
        activity_views.activity_mark,
        name="activity_mark",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/markings/<id:marking_pk>/remove/",
        activity_views.activity_unmark,
        name="activity_unmark",
    ),
    path(
        "<id:pk>/activities/<id:activity_pk>/history/",
        activity_history.activity_history_page,
        name="activity_history",
    ),
]
