from django.contrib import admin

from samverkan.audit.admin import ReadOnlyRegisterAdmin

from .models import LeadershipDialogue

admin.site.register(LeadershipDialogue, ReadOnlyRegisterAdmin)
