from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LeadershipDialogue

admin.site.register(LeadershipDialogue, SimpleHistoryAdmin)
