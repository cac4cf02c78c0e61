from django.contrib import admin

from samverkan.audit.admin import ReadOnlyRegisterAdmin

from .models import Clause, Collaborator, Membership, Notice, Partnership, Party, Signatory


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyRegisterAdmin):
    list_display = ["name", "kind", "signed_on"]
    search_fields = ["name"]


@admin.register(Party)
class PartyAdmin(ReadOnlyRegisterAdmin):
    list_display = ["organisation", "partnership", "role"]
    autocomplete_fields = ["organisation", "partnership"]


for model in (Clause, Collaborator, Membership, Notice, Signatory):
    admin.site.register(model, ReadOnlyRegisterAdmin)
