from django.contrib import admin

from samverkan.audit.admin import ReadOnlyRegisterAdmin

from .models import Organisation, Person, Unit


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyRegisterAdmin):
    list_display = ["name", "kind", "organisation_number"]
    search_fields = ["name", "organisation_number"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyRegisterAdmin):
    list_display = ["name", "organisation", "kind", "parent", "reports_to"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation", "parent", "reports_to"]


@admin.register(Person)
class PersonAdmin(ReadOnlyRegisterAdmin):
    list_display = ["name", "title", "organisation"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation", "unit"]
