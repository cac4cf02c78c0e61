from django.urls import path

from . import views

app_name = "agreements"

AGREEMENT = "<id:pk>/agreements/<uuid:agreement_uuid>/"

urlpatterns = [
    path("<id:pk>/agreements/", views.agreement_list, name="agreement_list"),
    path("<id:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path(
        "<id:pk>/agreements/export.csv",
        views.agreement_export,
        {"file_format": "csv"},
        name="agreement_export_csv",
    ),
    path(
        "<id:pk>/agreements/export.xlsx",
        views.agreement_export,
        {"file_format": "xlsx"},
        name="agreement_export_xlsx",
    ),
    path(AGREEMENT, views.agreement_detail, name="agreement_detail"),
    path(f"{AGREEMENT}edit/", views.agreement_edit, name="agreement_edit"),
    path(f"{AGREEMENT}activities/", views.regulations_edit, name="regulations_edit"),
    path(f"{AGREEMENT}history/", views.history, name="agreement_history"),
    path(f"{AGREEMENT}release/", views.release_copy, name="release_copy"),
    path(f"{AGREEMENT}document/", views.document_download, name="document_download"),
    path(f"{AGREEMENT}document/upload/", views.document_upload, name="document_upload"),
    path(f"{AGREEMENT}send/", views.send, name="send"),
    path(f"{AGREEMENT}withdraw/", views.withdraw, name="withdraw"),
    path(f"{AGREEMENT}sign/", views.sign, name="sign"),
    path(f"{AGREEMENT}scan/", views.scan, name="scan"),
    path(f"{AGREEMENT}terminate/", views.terminate, name="terminate"),
    path(f"{AGREEMENT}signatories/new/", views.signatory_add, name="signatory_add"),
    path(
        f"{AGREEMENT}signatories/<id:signatory_pk>/remove/",
        views.signatory_remove,
        name="signatory_remove",
    ),
    path(f"{AGREEMENT}registrations/new/", views.registration_edit, name="registration_add"),
    path(
        f"{AGREEMENT}registrations/<id:registration_pk>/edit/",
        views.registration_edit,
        name="registration_edit",
    ),
    path(
        f"{AGREEMENT}registrations/<id:registration_pk>/remove/",
        views.registration_remove,
        name="registration_remove",
    ),
    path(f"{AGREEMENT}markings/new/", views.marking_add, name="marking_add"),
    path(
        f"{AGREEMENT}markings/<id:marking_pk>/remove/",
        views.marking_remove,
        name="marking_remove",
    ),
    path(f"{AGREEMENT}access/new/", views.grant_add, name="grant_add"),
    path(f"{AGREEMENT}access/<id:grant_pk>/remove/", views.grant_remove, name="grant_remove"),
]
