"""Step 2 of 2 (see 0002): every indication has its household; a double submit is recognised per household (an
indication without a case has no case to recognise it by)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('provisions', '0002_indicatie_household'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicatie',
            name='household',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='indicaties',
                                    to='persons.household', verbose_name='huishouden'),
        ),
        migrations.RemoveConstraint(
            model_name='indicatie',
            name='indicatie_idempotent',
        ),
        migrations.AddConstraint(
            model_name='indicatie',
            constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key', ''), _negated=True),
                                               fields=('household', 'idempotency_key'), name='indicatie_idempotent'),
        ),
    ]
