"""`needs_agreement`, the SQL form of `kinds_needing_agreement`: both say the same of every
kind, by default and under each of the partnership's settings."""

import pytest

from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityKindSetting,
    kinds_needing_agreement,
    needs_agreement,
)
from samverkan.agreements.tests.factories import ActivityFactory
from samverkan.partnerships.tests.factories import PartnershipFactory


@pytest.mark.parametrize("setting", [None, True, False])
def test_sql_and_python_agree_on_every_kind(world, setting):
    for kind in ActivityKind:
        ActivityFactory(partnership=world.mou, kind=kind)
        if setting is not None:
            ActivityKindSetting.objects.create(
                partnership=world.mou, kind=kind, needs_agreement=setting
            )
    in_sql = set(
        # unmasked: kinds only
        Activity.objects.filter(needs_agreement(world.mou.pk), partnership=world.mou).values_list(
            "kind", flat=True
        )
    )
    assert in_sql == kinds_needing_agreement(world.mou.pk)
    if setting is False:
        assert in_sql == set()
    if setting is True:
        assert in_sql == {kind.value for kind in ActivityKind}


def test_another_partnerships_setting_does_not_count(world):
    other_partnership = PartnershipFactory()
    ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    ActivityKindSetting.objects.create(
        partnership=other_partnership, kind=ActivityKind.GUEST_LECTURE, needs_agreement=True
    )
    assert not Activity.objects.filter(  # unmasked: kinds only
        needs_agreement(world.mou.pk), partnership=world.mou
    ).exists()
