from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0005_melding_closed_at'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='meldingperson',
            options={'verbose_name': 'persoon van een melding', 'verbose_name_plural': 'personen van meldingen'},
        ),
    ]
