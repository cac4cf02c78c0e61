"""Users and their roles, per partnership and per organisation.

A role is held on behalf of an organisation: in a partnership (acting for one of its parties) or,
with no partnership, in the organisation itself (for its own register of units and people).
The site administrator is a superuser. docs/roles.md has the matrix of what each role may do.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.audit.models import Record


class User(AbstractUser):
    person = models.OneToOneField(
        "organisations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    # Who was made staff or site administrator, and by whom, is part of the audit trail.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    COORDINATOR = "coordinator", _("Coordinator")
    STEERING_GROUP = "steering_group", _("Steering group member")
    LEADERSHIP = "leadership", _("Leadership")
    REGISTRAR = "registrar", _("Registrar")
    # In an innovation network: entitled to the cases of the organisation it is held for.
    ADVISOR = "advisor", _("Innovation advisor")


class RoleAssignment(Record):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("Empty for a role in the organisation itself."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "partnership", "role"],
                name="role_assignment_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(partnership__isnull=True),
                name="organisation_role_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        if (
            self.partnership_id
            and self.organisation_id
            and not self.partnership.parties.filter(organisation_id=self.organisation_id).exists()
        ):
            raise ValidationError(
                {
                    "organisation": _(
                        "A role in a partnership is held on behalf of one of its parties."
                    )
                }
            )


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(Record):
    """A personal API token. Only its SHA-256 is stored; the token is shown once, at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("begins with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name
