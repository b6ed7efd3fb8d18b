from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_process_direction_dates'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='casedirector',
            options={'verbose_name': 'casusregisseur (historie)', 'verbose_name_plural': 'casusregisseurs (historie)'},
        ),
    ]
