"""An indication belongs to a household; its case becomes optional (issue 11, point 16: a single question gets its
provision on the aanvraag, without a case). Step 1 of 2: the column, nullable, filled from the case's household.

The schema change and the backfill are two migrations so that PostgreSQL never alters a table with pending
deferred foreign-key checks in one transaction."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def households_from_cases(apps, schema_editor):
    Indicatie = apps.get_model("provisions", "Indicatie")
    Casus = apps.get_model("cases", "Casus")
    Indicatie.objects.filter(household__isnull=True).update(
        household_id=Subquery(Casus.objects.filter(pk=OuterRef("casus_id")).values("household_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_documents'),
        ('persons', '0003_involvement_casus'),
        ('provisions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicatie',
            name='household',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='indicaties',
                                    to='persons.household', verbose_name='huishouden'),
        ),
        migrations.AlterField(
            model_name='indicatie',
            name='casus',
            field=models.ForeignKey(blank=True, help_text='leeg bij een enkelvoudige vraag: voorbereid op de aanvraag, '
                                                          'zonder casus', null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='indicaties',
                                    to='cases.casus'),
        ),
        migrations.RunPython(households_from_cases, migrations.RunPython.noop),
    ]
