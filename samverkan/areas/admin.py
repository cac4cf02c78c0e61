from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AreaAdjustment, CollaborationArea, ContactPerson

for model in (AreaAdjustment, CollaborationArea, ContactPerson):
    admin.site.register(model, SimpleHistoryAdmin)
