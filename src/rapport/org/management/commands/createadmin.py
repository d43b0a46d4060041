import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.org.models import Role, User


class Command(BaseCommand):
    help = "Create an administrator. The password comes from RAPPORT_ADMIN_PASSWORD or a prompt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.com")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = os.environ.get("RAPPORT_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        if len(password) < 8:
            raise CommandError("The password must have at least 8 characters.")
        user = User.objects.create_superuser(username, options["email"], password)
        role, _ = Role.objects.get_or_create(name="Administrator", defaults={"is_admin": True})
        user.roles.add(role)
        self.stdout.write(self.style.SUCCESS(f"Administrator {username!r} created."))
