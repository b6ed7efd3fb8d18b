from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0002_clock_hours'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='clockextension',
            options={'verbose_name': 'verlenging van een termijn', 'verbose_name_plural': 'verlengingen van termijnen'},
        ),
        migrations.AlterModelOptions(
            name='clocksuspension',
            options={'verbose_name': 'opschorting van een termijn', 'verbose_name_plural': 'opschortingen van termijnen'},
        ),
    ]
