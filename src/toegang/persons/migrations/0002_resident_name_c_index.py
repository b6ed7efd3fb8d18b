"""PostgreSQL: index surname search in the "C" collation, so a prefix search (LIKE 'abc%') and its ORDER BY use one
index under any database collation. SQLite compares bytewise already (BINARY) and uses resident_name_birth_idx."""

from django.db import migrations

CREATE = 'CREATE INDEX IF NOT EXISTS resident_name_c_idx ON persons_resident ((search_name COLLATE "C"), geboortedatum)'
DROP = "DROP INDEX IF EXISTS resident_name_c_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("persons", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
