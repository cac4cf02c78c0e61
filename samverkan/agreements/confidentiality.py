"""The one place where what is marked secret is masked (docs/decisions/0006-confidentiality.md).

Querysets of agreements, register entries, activities, their parties and their participants
pass through `masking(queryset)` in their `for_user(user)`. Each row carries two kinds of
annotation, computed in SQL from the user: `entitled` (may the user see what is marked?) and
`secret_<target>` (the provision of the marking on that target, or NULL when it is not marked).
The rows come out of the database with every marked value the user is not entitled to already
replaced by a `Masked` value, so no page, list, export, search result or API answer can show it
by forgetting to ask. A masked instance refuses to be saved.

Search must not find a row by what is masked either: `searchable(model)` gives the expressions
of the text a user may search, built from the same annotations.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

# For each model: target → the fields that marking masks.
AGREEMENT_FIELDS = {
    "document": ("text", "document", "document_name", "document_sha256"),
    "title": ("title",),
}
REGISTRATION_FIELDS = {"correspondent": ("correspondent",), "subject": ("subject",)}
ACTIVITY_FIELDS = {
    "title": ("title",),
    "description": ("description",),
    "outcomes": ("outcomes",),
}
ACTIVITY_PARTY_FIELDS = {"outcomes": ("benefit",)}
PARTICIPANT_FIELDS = {"people": ("person", "role")}


class Masked:
    """What the user sees in place of a secret value: that it is secret, and under which
    provision. Renders as text in pages, exports and the API."""

    def __init__(self, provision: str) -> None:
        self.provision = provision

    def __str__(self) -> str:
        return str(_("Secret (%(provision)s)") % {"provision": self.provision})

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Masked) and other.provision == self.provision

    def __hash__(self) -> int:
        return hash(("masked", self.provision))


def is_masked(value: Any) -> bool:
    return isinstance(value, Masked)


class MaskedInstanceError(RuntimeError):
    """A masked instance was about to be saved: that would write the mask over the secret."""


def _provision_of(target: str, **link: Any) -> Subquery:
    from .models import SecrecyMarking

    return Subquery(SecrecyMarking.objects.filter(target=target, **link).values("provision")[:1])


def _annotate_secrets(queryset: QuerySet, targets: dict[str, tuple[str, ...]], **link) -> QuerySet:
    return queryset.annotate(
        **{f"secret_{target}": _provision_of(target, **link) for target in targets}
    )


class _MaskingIterable(ModelIterable):
    fields_by_target: dict[str, tuple[str, ...]] = {}

    def __iter__(self):
        for obj in super().__iter__():
            mask_instance(obj, self.fields_by_target)
            yield obj


def mask_instance(obj: Any, fields_by_target: dict[str, tuple[str, ...]]) -> Any:
    """Replace on `obj` every value marked secret that its reader is not entitled to."""
    if getattr(obj, "entitled", True):
        return obj
    for target, fields in fields_by_target.items():
        provision = getattr(obj, f"secret_{target}", None)
        if not provision:
            continue
        masked = Masked(provision)
        for name in fields:
            field = obj._meta.get_field(name)
            if field.is_relation:
                # The related object is not loaded: only the mask can be read.
                obj.__dict__[field.attname] = None
                field.set_cached_value(obj, None)
                obj.__dict__.setdefault("masked_relations", {})[name] = masked
            elif field.get_internal_type() == "FileField":
                obj.__dict__[name] = None
            else:
                obj.__dict__[name] = masked
        obj.__dict__.setdefault("masked_targets", {})[target] = masked
        obj._masked = True
    return obj


def _iterable_for(fields_by_target: dict[str, tuple[str, ...]]) -> type[ModelIterable]:
    return type("MaskingIterable", (_MaskingIterable,), {"fields_by_target": fields_by_target})


_AGREEMENT_ITERABLE = _iterable_for(AGREEMENT_FIELDS)
_REGISTRATION_ITERABLE = _iterable_for(REGISTRATION_FIELDS)
_ACTIVITY_ITERABLE = _iterable_for(ACTIVITY_FIELDS)
_ACTIVITY_PARTY_ITERABLE = _iterable_for(ACTIVITY_PARTY_FIELDS)
_PARTICIPANT_ITERABLE = _iterable_for(PARTICIPANT_FIELDS)


def _with_iterable(queryset: QuerySet, iterable: type[ModelIterable]) -> QuerySet:
    queryset._iterable_class = iterable
    return queryset


def masking(queryset: QuerySet) -> QuerySet:
    """The queryset (already annotated with `entitled`) with the marked values masked."""
    from samverkan.activities.models import Activity

    from .models import Agreement

    if queryset.model is Agreement:
        queryset = _annotate_secrets(queryset, AGREEMENT_FIELDS, agreement=OuterRef("pk"))
        queryset = _annotate_secrets(queryset, REGISTRATION_FIELDS, agreement=OuterRef("pk"))
        return _with_iterable(queryset, _AGREEMENT_ITERABLE)
    if queryset.model is Activity:
        queryset = _annotate_secrets(queryset, ACTIVITY_FIELDS, activity=OuterRef("pk"))
        queryset = _annotate_secrets(queryset, {"people": ()}, activity=OuterRef("pk"))
        return _with_iterable(queryset, _ACTIVITY_ITERABLE)
    raise TypeError(f"No masking for {queryset.model.__name__}")


def registrations_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Register entries, with the correspondent and the subject masked where marked and the
    user is not entitled to the agreement. For prefetching under `Agreement.for_user`."""
    from .models import Registration, entitled_expression

    queryset = queryset if queryset is not None else Registration.objects.all()
    queryset = queryset.annotate(entitled=entitled_expression(user, agreement_ref="agreement"))
    queryset = _annotate_secrets(queryset, REGISTRATION_FIELDS, agreement=OuterRef("agreement"))
    return _with_iterable(queryset, _REGISTRATION_ITERABLE)


def activity_parties_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """An activity's parties, each party's benefit masked where the outcomes are marked."""
    from samverkan.activities.models import ActivityParty

    queryset = queryset if queryset is not None else ActivityParty.objects.all()
    queryset = queryset.annotate(entitled=_activity_entitled(user, "activity"))
    queryset = _annotate_secrets(queryset, ACTIVITY_PARTY_FIELDS, activity=OuterRef("activity"))
    return _with_iterable(queryset, _ACTIVITY_PARTY_ITERABLE)


def participants_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """An activity's units and people; the people and their roles masked where marked."""
    from samverkan.activities.models import ActivityParticipant

    queryset = queryset if queryset is not None else ActivityParticipant.objects.all()
    queryset = queryset.annotate(entitled=_activity_entitled(user, "activity"))
    queryset = _annotate_secrets(queryset, PARTICIPANT_FIELDS, activity=OuterRef("activity"))
    return _with_iterable(queryset, _PARTICIPANT_ITERABLE)


def _activity_entitled(user, activity_ref: str):
    """`entitled` of the activity at `activity_ref`, for rows that hang under it."""
    from samverkan.activities.models import Activity

    return Subquery(
        Activity.objects.filter(pk=OuterRef(activity_ref)).entitled(user).values("entitled")[:1]
    )


def searchable(
    fields: list[str], secret_of: dict[str, str], *, unentitled: bool = False
) -> list[Any]:
    """Expressions for the text a user may search: each field, or '' where it is marked and the
    row's reader is not entitled. `secret_of` maps a field to its `secret_<target>` annotation.
    Use on a queryset from `for_user` (which annotates both). With `unentitled`, the text of a
    row whose reader is known not to be entitled (the condition is the caller's)."""
    expressions = []
    for name in fields:
        secret = secret_of.get(name)
        if secret is None:
            expressions.append(Coalesce(F(name), Value(""), output_field=TextField()))
            continue
        visible = Q(**{f"{secret}__isnull": True})
        if not unentitled:
            visible = Q(entitled=True) | visible
        expressions.append(
            Case(When(visible, then=F(name)), default=Value(""), output_field=TextField())
        )
    return expressions


# Histories: a field marked secret now is secret in every older version too.


def mask_history_versions(
    fetched: list[tuple[type, list[Any]]],
    hidden: dict[type, dict[str, tuple[str, ...]]],
    provisions: dict[str, str],
) -> list[tuple[Any, Any, str, Masked]]:
    """Mask, in every historical version in `fetched` ((model, records) pairs), each field that
    `hidden` (model → target → fields) names for a target marked in `provisions` (target →
    provision). A relation (a person) is cleared so that what it points at is never loaded;
    `show_history_masks` puts its mask in once the related records are loaded. Returns those
    relations: (record, field, key, mask). For readers not entitled only."""
    relations = []
    for model, records in fetched:
        for target, names in hidden.get(model, {}).items():
            if target not in provisions:
                continue
            mask = Masked(provisions[target])
            for name in names:
                field = model._meta.get_field(name)
                for record in records:
                    if field.is_relation:
                        setattr(record, field.attname, None)
                        relations.append((record, field, f"masked:{target}", mask))
                    else:
                        setattr(record, name, str(mask))
    return relations


def show_history_masks(relations: list[tuple[Any, Any, str, Masked]], related: dict) -> None:
    """Name each relation cleared by `mask_history_versions` by its mask in the history."""
    for record, field, key, mask in relations:
        setattr(record, field.attname, key)
        related[(field.related_model, key)] = str(mask)
