"""Page URLs of the steering group, under a partnership (namespace `partnerships`)."""

from django.urls import path

from . import steering_views

urlpatterns = [
    path("<id:pk>/steering-group/", steering_views.steering_group, name="steering_group"),
    path(
        "<id:pk>/steering-group/new/",
        steering_views.steering_member_edit,
        name="steering_member_create",
    ),
    path(
        "<id:pk>/steering-group/<id:member_pk>/edit/",
        steering_views.steering_member_edit,
        name="steering_member_edit",
    ),
    path(
        "<id:pk>/steering-group/meetings/new/",
        steering_views.meeting_edit,
        name="meeting_create",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/",
        steering_views.meeting_detail,
        name="meeting_detail",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/edit/",
        steering_views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/minutes-document/",
        steering_views.minutes_document,
        name="meeting_minutes_document",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/minutes-document/upload/",
        steering_views.minutes_document_upload,
        name="meeting_minutes_upload",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/decisions/new/",
        steering_views.meeting_decision_edit,
        name="meeting_decision_create",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/decisions/<id:decision_pk>/edit/",
        steering_views.meeting_decision_edit,
        name="meeting_decision_edit",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/action-items/new/",
        steering_views.action_item_edit,
        name="action_item_create",
    ),
    path(
        "<id:pk>/steering-group/meetings/<id:meeting_pk>/action-items/<id:item_pk>/edit/",
        steering_views.action_item_edit,
        name="action_item_edit",
    ),
    path(
        "<id:pk>/steering-group/action-items/<id:item_pk>/status/",
        steering_views.action_item_status,
        name="action_item_status",
    ),
]
