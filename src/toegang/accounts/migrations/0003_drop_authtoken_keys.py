# API keys replace Django REST framework's authtoken app (issue 13, item 4). Its keys were stored in plain text and
# stop working without the app: their table is dropped where it exists, so no usable secret stays behind in the
# database or its backups. Nothing to undo: the keys are gone either way (make new ones, docs/api.md).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_api_tokens"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
