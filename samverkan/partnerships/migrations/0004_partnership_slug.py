# A slug per partnership (for `manage.py annual_report --partnership SLUG`), made from the name
# for the partnerships that exist: added without an index, filled, then made unique (one index;
# PostgreSQL would otherwise build the slug's _like index twice).

from django.db import migrations, models
from django.utils.text import slugify

HELP = (
    "Letters, digits and hyphens, for the command line and addresses; made from the name when "
    "left empty."
)


def fill_slugs(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    taken: set[str] = set()
    for partnership in Partnership.objects.order_by("pk"):
        base = slugify(partnership.name.replace("–", "-"))[:70] or "partnership"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        Partnership.objects.filter(pk=partnership.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_follow_up"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpartnership",
            name="slug",
            field=models.SlugField(
                blank=True, help_text=HELP, max_length=80, verbose_name="short name"
            ),
        ),
        migrations.AddField(
            model_name="partnership",
            name="slug",
            field=models.SlugField(
                blank=True, db_index=False, help_text=HELP, max_length=80, verbose_name="short name"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partnership",
            name="slug",
            field=models.SlugField(
                blank=True, help_text=HELP, max_length=80, unique=True, verbose_name="short name"
            ),
        ),
    ]
