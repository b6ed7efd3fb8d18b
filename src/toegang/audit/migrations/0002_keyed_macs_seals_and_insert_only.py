"""Issue 9: keyed row MACs instead of a keyless hash chain, seals, a compact subject index, insert-only tables.

Existing rows: the old keyless chain is checked first (a broken chain stops the migration, so tampering is never
laundered into valid MACs), then every row gets its MAC under the audit key and the subject index is rebuilt from
the rows' subject ids. The next `toegang audit seal` (or any append) seals them. On PostgreSQL, triggers then
refuse UPDATE and DELETE on every audit table (docs/audit.md).
"""

import datetime as dt
import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models

OLD_FIELDS = {
    "changelog": ["seq", "at", "actor_id", "actor_label", "role", "gemeente_id", "subject_ids", "event",
                  "object_type", "object_id", "old", "new"],
    "accesslog": ["seq", "at", "actor_id", "actor_label", "role", "gemeente_id", "subject_ids", "purpose",
                  "channel", "resource"],
}
AUDIT_TABLES = ["audit_changelog", "audit_accesslog", "audit_changelogsubject", "audit_accesslogsubject",
                "audit_seal", "audit_verification"]


def check_old_chain(apps, schema_editor):
    """The old chain must be intact before its rows are re-signed (the old row_hash, inlined)."""
    for name, fields in OLD_FIELDS.items():
        model = apps.get_model("audit", name)
        prev = "0" * 64
        for number, row in enumerate(model.objects.order_by("seq").values(*fields, "prev_hash", "hash").iterator(), 1):
            content = {f: row[f] for f in fields}
            content["at"] = row["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            payload = json.dumps([content, prev], sort_keys=True, default=str, separators=(",", ":"))
            if row["seq"] != number or row["prev_hash"] != prev or hashlib.sha256(payload.encode()).hexdigest() != row["hash"]:
                raise RuntimeError(f"audit_{name}: de oude hashketen is gebroken bij volgnummer {number}; onderzoek "
                                   f"dat voordat de regels opnieuw ondertekend worden (docs/audit.md).")
            prev = row["hash"]


def sign_rows_and_index_subjects(apps, schema_editor):
    from toegang.audit.models import AccessLog, ChangeLog
    from toegang.audit.rows import row_mac

    for name, current in (("changelog", ChangeLog), ("accesslog", AccessLog)):
        model = apps.get_model("audit", name)
        subject_model = apps.get_model("audit", f"{name}subject")
        fields = OLD_FIELDS[name]
        batch = []
        for row in model.objects.order_by("seq").values(*fields).iterator(chunk_size=2000):
            model.objects.filter(seq=row["seq"]).update(mac=row_mac(current, row))
            batch += [subject_model(log_id=row["seq"], resident_id=int(s)) for s in sorted(set(row["subject_ids"]))]
            if len(batch) >= 5000:
                subject_model.objects.bulk_create(batch)
                batch = []
        subject_model.objects.bulk_create(batch)


def insert_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("""
        CREATE OR REPLACE FUNCTION toegang_audit_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'Auditregels zijn onveranderlijk: % op % geweigerd', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$""", params=None)
    for table in AUDIT_TABLES:
        schema_editor.execute(f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
                              f"FOR EACH ROW EXECUTE FUNCTION toegang_audit_insert_only()")


def drop_insert_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in AUDIT_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_insert_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS toegang_audit_insert_only()")


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(check_old_chain, migrations.RunPython.noop),
        migrations.DeleteModel(name="AccessLogSubject"),
        migrations.DeleteModel(name="ChangeLogSubject"),
        migrations.RemoveField(model_name="accesslog", name="seq"),
        migrations.RemoveField(model_name="changelog", name="seq"),
        migrations.RenameField(model_name="accesslog", old_name="id", new_name="seq"),
        migrations.RenameField(model_name="changelog", old_name="id", new_name="seq"),
        migrations.AlterField(model_name="accesslog", name="seq",
                              field=models.BigAutoField(primary_key=True, serialize=False, verbose_name="volgnummer")),
        migrations.AlterField(model_name="changelog", name="seq",
                              field=models.BigAutoField(primary_key=True, serialize=False, verbose_name="volgnummer")),
        migrations.RemoveField(model_name="accesslog", name="prev_hash"),
        migrations.RemoveField(model_name="accesslog", name="hash"),
        migrations.RemoveField(model_name="changelog", name="prev_hash"),
        migrations.RemoveField(model_name="changelog", name="hash"),
        migrations.AddField(
            model_name="accesslog", name="mac",
            field=models.CharField(default="", help_text="HMAC-SHA256 met de auditsleutel over de inhoud van de regel",
                                   max_length=64),
            preserve_default=False),
        migrations.AddField(
            model_name="changelog", name="mac",
            field=models.CharField(default="", help_text="HMAC-SHA256 met de auditsleutel over de inhoud van de regel",
                                   max_length=64),
            preserve_default=False),
        migrations.CreateModel(
            name="AccessLogSubject",
            fields=[
                ("pk", models.CompositePrimaryKey("resident_id", "log", blank=True, editable=False, primary_key=True,
                                                  serialize=False)),
                ("resident_id", models.BigIntegerField()),
                ("log", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                          related_name="subjects", to="audit.accesslog")),
            ],
        ),
        migrations.CreateModel(
            name="ChangeLogSubject",
            fields=[
                ("pk", models.CompositePrimaryKey("resident_id", "log", blank=True, editable=False, primary_key=True,
                                                  serialize=False)),
                ("resident_id", models.BigIntegerField()),
                ("log", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                          related_name="subjects", to="audit.changelog")),
            ],
        ),
        migrations.CreateModel(
            name="Seal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("log", models.CharField(choices=[("change", "wijzigingslog"), ("access", "inzagelog")], max_length=10)),
                ("number", models.BigIntegerField(verbose_name="nummer")),
                ("at", models.DateTimeField()),
                ("first_seq", models.BigIntegerField()),
                ("last_seq", models.BigIntegerField()),
                ("count", models.IntegerField(help_text="aantal verzegelde regels")),
                ("open_holes", models.JSONField(default=list, help_text="[volgnummer, sinds] nog niet vastgelegd")),
                ("abandoned", models.JSONField(default=list, help_text="volgnummers die niet meer verwacht worden")),
                ("rejected", models.JSONField(default=list,
                                              help_text="volgnummers van regels met een ongeldige MAC (vervalst)")),
                ("rows_digest", models.CharField(max_length=64)),
                ("prev_mac", models.CharField(max_length=64)),
                ("mac", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "zegel",
                "verbose_name_plural": "zegels",
                "constraints": [models.UniqueConstraint(fields=("log", "number"), name="audit_seal_one_per_number")],
            },
        ),
        migrations.CreateModel(
            name="Verification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField()),
                ("intact", models.BooleanField()),
                ("summary", models.TextField()),
                ("mac", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "controle auditketen",
                "verbose_name_plural": "controles auditketen",
            },
        ),
        migrations.RunPython(sign_rows_and_index_subjects, migrations.RunPython.noop),
        migrations.RunPython(insert_only_triggers, drop_insert_only_triggers),
    ]
