from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyRegisterAdmin(SimpleHistoryAdmin):
    """The register is kept in the application's own pages, where its rules and lost-update
    checks live; the admin shows it for support, read-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
