from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.user_settings, name="settings"),
    path("settings/tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
