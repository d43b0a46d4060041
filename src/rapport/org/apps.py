from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "rapport.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Sign-in events (login, failure, logout, lockout) are written to the audit log.
        from rapport.org.security import receivers

        receivers.connect()
