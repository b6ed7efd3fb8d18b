# Written by hand (issue 11, crisis clocks): the due moment of a melding's earliest open clock when its term is in
# hours, and the worklist indexes that sort on it. Meldingen from before have no clock in hours: nothing to fill.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0002_worklist_summary'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='melding',
            name='melding_inbox_idx',
        ),
        migrations.RemoveIndex(
            model_name='melding',
            name='melding_mine_idx',
        ),
        migrations.AddField(
            model_name='melding',
            name='next_due_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='melding',
            index=models.Index(condition=models.Q(('assigned_to__isnull', True), models.Q(('status', 'afgesloten'), _negated=True)), fields=['team', 'urgency_rank', 'next_due_on', 'next_due_at', 'received_at', 'id'], name='melding_inbox_idx'),
        ),
        migrations.AddIndex(
            model_name='melding',
            index=models.Index(condition=models.Q(('status', 'afgesloten'), _negated=True), fields=['assigned_to', 'urgency_rank', 'next_due_on', 'next_due_at', 'received_at', 'id'], name='melding_mine_idx'),
        ),
    ]
