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
]
