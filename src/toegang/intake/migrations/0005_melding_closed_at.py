"""Melding.closed_at: when a melding closed without a case; its retention term counts from there. Meldingen closed
before this field existed take their triage moment, or else their registration (the earliest they can have closed)."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    melding = apps.get_model("intake", "Melding")
    melding.objects.filter(status="afgesloten", closed_at__isnull=True).update(
        closed_at=Coalesce("triaged_at", "created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0004_wmo_duties'),
    ]

    operations = [
        migrations.AddField(
            model_name='melding',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='afgesloten op'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
