from django.contrib import admin

from samverkan.audit.admin import ReadOnlyRegisterAdmin

from .models import AreaAdjustment, CollaborationArea, ContactPerson

for model in (AreaAdjustment, CollaborationArea, ContactPerson):
    admin.site.register(model, ReadOnlyRegisterAdmin)
