"""Page URLs: innovation-support cases under a network (namespace `innovation`).

Cases are named by their UUID, never their id, so they cannot be enumerated.
"""

from django.urls import path

from . import case_views

urlpatterns = [
    path("networks/<id:network_pk>/cases/", case_views.case_list, name="case_list"),
    path("networks/<id:network_pk>/cases/new/", case_views.case_create, name="case_create"),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/",
        case_views.case_detail,
        name="case_detail",
    ),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/edit/",
        case_views.case_edit,
        name="case_edit",
    ),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/stage/",
        case_views.case_stage_change,
        name="case_stage_change",
    ),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/support/new/",
        case_views.case_support_add,
        name="case_support_add",
    ),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/outcomes/new/",
        case_views.case_outcome_add,
        name="case_outcome_add",
    ),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/people/new/",
        case_views.case_person_add,
        name="case_person_add",
    ),
    path(
        "networks/<id:network_pk>/cases/<uuid:case_uuid>/people/<id:person_pk>/remove/",
        case_views.case_person_remove,
        name="case_person_remove",
    ),
]
