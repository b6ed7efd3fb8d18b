"""Each plan keeps what process direction reads of its current version (issue 12); existing plans are filled from
their versions."""

import json

from django.db import migrations, models


def fill(apps, schema_editor):
    from toegang.plans.models import dates_of

    Plan = apps.get_model("plans", "Plan")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    newest = PlanVersion.objects.filter(plan_id=models.OuterRef("pk")).order_by("-number")
    first_agreed = PlanVersion.objects.filter(plan_id=models.OuterRef("pk"), agreed_on__isnull=False).order_by("number")
    plans = (Plan.objects.annotate(content=models.Subquery(newest.values("content")[:1]),
                                   changed=models.Subquery(newest.values("created_at")[:1]),
                                   agreed=models.Subquery(first_agreed.values("agreed_on")[:1]))
             .only("pk").iterator(chunk_size=2000))
    batch = []
    for plan in plans:
        content = plan.content if isinstance(plan.content, dict) else json.loads(plan.content or "{}")
        plan.evaluation_on, plan.open_goal_due_on = dates_of(content)
        plan.changed_at, plan.agreed_on = plan.changed, plan.agreed
        batch.append(plan)
        if len(batch) == 2000:
            Plan.objects.bulk_update(batch, ["evaluation_on", "open_goal_due_on", "changed_at", "agreed_on"])
            batch = []
    Plan.objects.bulk_update(batch, ["evaluation_on", "open_goal_due_on", "changed_at", "agreed_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0002_system_versions'),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='agreed_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='plan',
            name='changed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='plan',
            name='evaluation_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='plan',
            name='open_goal_due_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
