"""The audit trail in API answers."""

from rest_framework import serializers

HISTORY_KINDS = [("+", "created"), ("~", "changed"), ("-", "deleted")]


class ChangeOut(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class HistoryEntryOut(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    kind = serializers.ChoiceField(choices=HISTORY_KINDS)
    record_type = serializers.CharField()
    record_label = serializers.CharField()
    changes = ChangeOut(many=True)
