"""Customer records. The foundation ships Account (company) as the first owned record;
the customer-data issue grows it and adds contacts, states, pool and duplicates."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rapport.core.models import Owned, Tag, TimeStamped, Versioned, WithCustomFields


class Account(TimeStamped, Owned, Versioned, WithCustomFields):
    class Type(models.TextChoices):
        B2B = "b2b", _("Business")
        B2C = "b2c", _("Individual")
        PARTNER = "partner", _("Partner")
        SUPPLIER = "supplier", _("Supplier")
        GOVERNMENT = "government", _("Government")

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.B2B)
    industry = models.CharField(_("industry"), max_length=80, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name", "id"]),
            models.Index(fields=["name", "id"]),
            models.Index(fields=["-updated_at", "id"]),
            models.Index(fields=["type", "name"]),
            models.Index(fields=["industry", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:account-detail", args=[self.pk])
