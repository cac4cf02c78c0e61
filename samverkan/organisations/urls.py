from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/new/", views.organisation_edit, name="create"),
    path("organisations/<id:pk>/", views.organisation_detail, name="detail"),
    path("organisations/<id:pk>/edit/", views.organisation_edit, name="edit"),
    path("organisations/<id:pk>/history/", views.organisation_history, name="history"),
    path("organisations/<id:pk>/units/new/", views.unit_edit, name="unit_create"),
    path("organisations/<id:pk>/units/<id:unit_pk>/edit/", views.unit_edit, name="unit_edit"),
    path("organisations/<id:pk>/people/new/", views.person_edit, name="person_create"),
    path("people/", views.person_list, name="person_list"),
    path("people/<id:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<id:pk>/", views.person_detail, name="person_detail"),
]
