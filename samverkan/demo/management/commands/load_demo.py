from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samverkan.demo import loader


class Command(BaseCommand):
    help = "Load the demo data of the sources and the demo users (never in production)."

    def handle(self, *args, **options):
        if not settings.SAMVERKAN_ALLOW_DEMO:
            raise CommandError(
                "Demo data (with its demo users and passwords) is refused here: set "
                "SAMVERKAN_ALLOW_DEMO=1 only on a demo installation."
            )
        if loader.is_loaded():
            self.stdout.write("The demo data is already loaded.")
        else:
            loader.load()
            self.stdout.write(self.style.SUCCESS("Loaded the demo data of the sources."))
        self.stdout.write(f"Demo logins (password '{loader.DEMO_PASSWORD}' for each):")
        width = max(len(login.username) for login in loader.DEMO_LOGINS)
        for login in loader.DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<{width}} {login.description}")
