from django.core.management.base import BaseCommand, CommandError

from samverkan.dataset.digest import database_digest
from samverkan.dataset.generate import RegisterNotEmpty, generate
from samverkan.dataset.scales import SCALES


class Command(BaseCommand):
    help = (
        "Generate a deterministic dataset for measuring Samverkan at scale: the real counties "
        "and municipalities, made-up universities, innovation actors, people, partnerships "
        "and ten years (2016-2025) of their work. The same seed gives the same rows. Refused "
        "when the register already holds partnerships. Historical tables (the audit trail) are "
        "not filled, and agreements' documents are referenced, not stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Also print the digest of the register's content (reads it all once more).",
        )

    def handle(self, *args, scale, seed, database, digest, **options):
        try:
            report = generate(SCALES[scale], seed, using=database, say=self.stdout.write)
        except RegisterNotEmpty as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write("")
        self.stdout.write(f"{'table':<40} {'rows':>12} {'seconds':>8}")
        for item in report.loaded:
            self.stdout.write(f"{item.table.name:<40} {item.rows:>12,} {item.seconds:>8.1f}")
        for name, seconds in report.generated:
            self.stdout.write(f"{'generating ' + name:<40} {'':>12} {seconds:>8.1f}")
        self.stdout.write(
            f"{'foreign keys and sequences':<40} {'':>12} {report.keys_and_sequences:>8.1f}"
        )
        self.stdout.write(f"{'statistics (ANALYZE)':<40} {'':>12} {report.analyze:>8.1f}")
        self.stdout.write(
            self.style.SUCCESS(f"{'total':<40} {report.rows:>12,} {report.seconds:>8.1f}")
        )
        if digest:
            self.stdout.write(f"digest {database_digest(using=database)}")
