"""Page URLs of the leadership dialogues, under a partnership (namespace `partnerships`)."""

from django.urls import path

from . import dialogue_views

D = "<id:pk>/dialogues/<id:dialogue_pk>"

urlpatterns = [
    path("<id:pk>/dialogues/new/", dialogue_views.dialogue_edit, name="dialogue_create"),
    path(f"{D}/", dialogue_views.dialogue_detail, name="dialogue_detail"),
    path(f"{D}/edit/", dialogue_views.dialogue_edit, name="dialogue_edit"),
    path(f"{D}/participants/new/", dialogue_views.participant_add, name="dialogue_participant_add"),
    path(
        f"{D}/participants/<id:person_pk>/remove/",
        dialogue_views.participant_remove,
        name="dialogue_participant_remove",
    ),
    path(f"{D}/outcomes/identify-area/", dialogue_views.area_identify, name="dialogue_identify"),
    path(f"{D}/outcomes/adjust-area/", dialogue_views.area_adjust, name="dialogue_adjust"),
    path(f"{D}/outcomes/retire-area/", dialogue_views.area_retire, name="dialogue_retire"),
    path(f"{D}/decisions/new/", dialogue_views.decision_add, name="dialogue_decision_add"),
    path(
        f"{D}/decisions/<id:decision_pk>/edit/",
        dialogue_views.decision_edit,
        name="dialogue_decision_edit",
    ),
    path(
        f"{D}/decisions/<id:decision_pk>/delete/",
        dialogue_views.decision_delete,
        name="dialogue_decision_delete",
    ),
]
