from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Clause, Collaborator, Membership, Notice, Partnership, Party, Signatory


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "signed_on"]
    search_fields = ["name"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "partnership", "role"]
    autocomplete_fields = ["organisation", "partnership"]


for model in (Clause, Collaborator, Membership, Notice, Signatory):
    admin.site.register(model, SimpleHistoryAdmin)
