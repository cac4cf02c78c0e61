from django.urls import path

from samverkan.areas import views as areas
from samverkan.followup import compliance_urls, dialogue_urls, report_urls, steering_urls

from . import views

app_name = "partnerships"

# Records under a partnership, edited through one pair of views: (kind, URL segment).
CHILD_KINDS = [
    ("signatory", "signatories"),
    ("clause", "clauses"),
    ("membership", "memberships"),
    ("collaborator", "collaborators"),
]

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<id:pk>/", views.partnership_detail, name="detail"),
    path("<id:pk>/edit/", views.partnership_edit, name="edit"),
    path("<id:pk>/history/", views.partnership_history, name="history"),
    path("<id:pk>/notice/", views.notice_give, name="notice_give"),
    path("<id:pk>/notice/<id:notice_pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("<id:pk>/areas/new/", areas.area_edit, name="area_create"),
    path("<id:pk>/areas/<id:area_pk>/edit/", areas.area_edit, name="area_edit"),
    path(
        "<id:pk>/areas/<id:area_pk>/adjustments/new/",
        areas.adjustment_create,
        name="adjustment_create",
    ),
    path("<id:pk>/contacts/new/", areas.contact_edit, name="contact_create"),
    path("<id:pk>/contacts/<id:contact_pk>/edit/", areas.contact_edit, name="contact_edit"),
    path("<id:pk>/contacts/<id:contact_pk>/delete/", areas.contact_delete, name="contact_delete"),
]

# The follow-up (issue 5): each part keeps its own URL module.
urlpatterns += (
    dialogue_urls.urlpatterns
    + steering_urls.urlpatterns
    + report_urls.urlpatterns
    + compliance_urls.urlpatterns
)

for kind, segment in CHILD_KINDS:
    urlpatterns += [
        path(f"<id:pk>/{segment}/new/", views.child_edit, {"kind": kind}, name=f"{kind}_create"),
        path(
            f"<id:pk>/{segment}/<id:child_pk>/edit/",
            views.child_edit,
            {"kind": kind},
            name=f"{kind}_edit",
        ),
        path(
            f"<id:pk>/{segment}/<id:child_pk>/delete/",
            views.child_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
