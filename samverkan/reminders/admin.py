"""The administrators' reminder log: what was sent to whom and when, and what failed.

Read-only, and without the subjects' names: the log shows the record's key and address, never
a title, so a secret agreement's title does not reach a site administrator through it.
"""

from django.contrib import admin

from .models import Reminder


@admin.register(Reminder)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "user",
        "kind",
        "subject_key",
        "partnership",
        "due_on",
        "tier",
        "state",
        "attempts",
        "sent_at",
        "last_error",
        "resolved_on",
    ]
    list_filter = ["state", "kind", "tier", "due_on"]
    search_fields = ["user__username", "user__email", "subject_key"]
    list_select_related = ["user", "partnership"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
