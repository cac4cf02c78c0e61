"""API: who am I, and with which roles."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.rest.schema import read_errors

from .models import RoleAssignment, User


class RoleOut(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "organisation", "partnership"]


class MeOut(serializers.ModelSerializer):
    roles = RoleOut(many=True, source="role_assignments")
    is_site_administrator = serializers.BooleanField(source="is_superuser")

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "is_site_administrator", "roles"]


class Me(APIView):
    @extend_schema(responses={200: MeOut, **read_errors()}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        """The signed-in user and the roles they hold."""
        user = User.objects.prefetch_related("role_assignments").get(pk=request.user.pk)
        return Response(MeOut(user).data)


urlpatterns = [path("me/", Me.as_view(), name="api-me")]
