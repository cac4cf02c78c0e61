"""Page URLs: the innovation offices (namespace `innovation`)."""

from django.urls import path

from . import office_views

urlpatterns = [
    path("offices/", office_views.office_list, name="office_list"),
    path("offices/<id:pk>/", office_views.office_detail, name="office_detail"),
    path("offices/<id:pk>/edit/", office_views.office_edit, name="office_edit"),
]
