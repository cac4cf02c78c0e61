"""Page URLs of the leadership dialogues, under a partnership (namespace `partnerships`)."""

from django.urls import path

from . import dialogue_views

urlpatterns = [
    path("<id:pk>/dialogues/new/", dialogue_views.dialogue_edit, name="dialogue_create"),
    path(
        "<id:pk>/dialogues/<id:dialogue_pk>/edit/",
        dialogue_views.dialogue_edit,
        name="dialogue_edit",
    ),
]
