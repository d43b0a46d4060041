"""Users, the org-unit tree, roles with per-module grants, and API tokens."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.core.models import DataScope, Module, TimeStamped, Versioned, WithCustomFields

SCOPE_WIDTH = {
    DataScope.OWN: 0,
    DataScope.SUBORDINATES: 1,
    DataScope.UNIT: 2,
    DataScope.UNIT_TREE: 3,
    DataScope.ALL: 4,
}


class OrgUnit(TimeStamped, Versioned):
    """A node of the organisation tree; `path` ("/1/4/9/") makes subtree queries one index scan."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        BRANCH = "branch", _("Branch")
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Team")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=500, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit-edit", args=[self.pk])


class Role(TimeStamped, Versioned):
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_admin = models.BooleanField(
        _("administrator"), default=False, help_text=_("Every right in every module.")
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:role-edit", args=[self.pk])


class RoleGrant(models.Model):
    """What a role may do in one module, and over whose records."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="grants")
    module = models.CharField(_("module"), max_length=20, choices=Module.choices)
    scope = models.CharField(
        _("data scope"), max_length=20, choices=DataScope.choices, default=DataScope.OWN
    )
    can_view = models.BooleanField(_("view"), default=True)
    can_create = models.BooleanField(_("create"), default=False)
    can_edit = models.BooleanField(_("edit"), default=False)
    can_delete = models.BooleanField(_("delete"), default=False)
    can_export = models.BooleanField(_("export"), default=False)
    can_assign = models.BooleanField(_("assign"), default=False)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["role", "module"], name="rolegrant_role_module_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role} / {self.module}"


class User(AbstractUser, WithCustomFields):
    """A person who logs in. Deactivating keeps every record they own."""

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[("en", "English"), ("zh-hans", "简体中文")],
        default="en",
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            # Login accepts a username or an email, ignoring case: neither may repeat.
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("org:user-edit", args=[self.pk])

    @property
    def initials(self) -> str:
        name = str(self)
        parts = name.split()
        if len(parts) >= 2 and parts[0].isascii():
            return (parts[0][0] + parts[-1][0]).upper()
        return name[:2].upper() if name.isascii() else name[:1]

    # --- rights and scope (core.scopes.Actor) -----------------------------------------

    @cached_property
    def _grants(self) -> dict[str, dict[str, object]]:
        """Merge the grants of all roles: the widest scope and the union of rights win."""
        merged: dict[str, dict[str, object]] = {}
        if self.is_superuser or self.roles.filter(is_admin=True).exists():
            for module in Module:
                merged[module.value] = {
                    "scope": DataScope.ALL.value,
                    "rights": {"view", "create", "edit", "delete", "export", "assign"},
                }
            return merged
        for grant in RoleGrant.objects.filter(role__users=self):
            entry = merged.setdefault(grant.module, {"scope": DataScope.OWN.value, "rights": set()})
            if SCOPE_WIDTH[DataScope(grant.scope)] > SCOPE_WIDTH[DataScope(str(entry["scope"]))]:
                entry["scope"] = grant.scope
            rights = entry["rights"]
            assert isinstance(rights, set)
            for right in ("view", "create", "edit", "delete", "export", "assign"):
                if getattr(grant, f"can_{right}"):
                    rights.add(right)
        return merged

    def has_right(self, module: str, right: str) -> bool:
        if not self.is_active:
            return False
        rights = self._grants.get(module, {}).get("rights", set())
        return right in rights  # type: ignore[operator]

    def data_scope(self, module: str) -> str | None:
        entry = self._grants.get(module)
        return str(entry["scope"]) if entry else None

    def visible_owner_ids(self, module: str) -> frozenset[int] | None:
        scope = self.data_scope(module)
        if scope is None:
            return frozenset()
        if scope == DataScope.ALL:
            return None
        if scope == DataScope.OWN:
            return frozenset({self.pk})
        if scope == DataScope.SUBORDINATES:
            return frozenset({self.pk, *self.subordinate_ids()})
        if self.unit_id is None:
            return frozenset({self.pk})
        units: Any
        if scope == DataScope.UNIT:
            units = [self.unit_id]
        else:
            assert self.unit is not None
            units = OrgUnit.objects.filter(path__startswith=self.unit.path).values_list(
                "id", flat=True
            )
        ids = set(User.objects.filter(unit_id__in=units).values_list("id", flat=True))
        return frozenset(ids | {self.pk})

    def subordinate_ids(self) -> set[int]:
        """Return the ids of everyone below this user in the manager chain."""
        found: set[int] = set()
        frontier = {self.pk}
        while frontier:
            nxt = set(User.objects.filter(manager_id__in=frontier).values_list("id", flat=True))
            frontier = nxt - found - {self.pk}
            found |= frontier
        return found

    def forget_rights(self) -> None:
        """Drop cached grants (after a role change in the same request)."""
        self.__dict__.pop("_grants", None)


class ApiToken(TimeStamped):
    """A per-user API token, stored as a SHA-256 hash; it carries exactly the user's rights."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )
