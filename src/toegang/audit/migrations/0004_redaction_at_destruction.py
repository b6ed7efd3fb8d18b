"""Redaction: an audit row's personal data taken out at destruction (toegang.audit.redaction). On PostgreSQL the
insert-only trigger now lets exactly that UPDATE through: on the change or access log, inside a transaction that set
toegang.audit_redactie, with the row's number and MAC unchanged. The Redaction table itself is insert-only."""

from django.db import migrations, models


def allow_redaction(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("""
        CREATE OR REPLACE FUNCTION toegang_audit_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND TG_TABLE_NAME IN ('audit_changelog', 'audit_accesslog')
                    AND current_setting('toegang.audit_redactie', true) = 'aan' THEN
                IF NEW.seq = OLD.seq AND NEW.mac = OLD.mac AND NEW.at = OLD.at THEN
                    RETURN NEW;
                END IF;
            END IF;
            RAISE EXCEPTION 'Auditregels zijn onveranderlijk: % op % geweigerd', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$""", params=None)
    schema_editor.execute("CREATE TRIGGER audit_redaction_insert_only BEFORE UPDATE OR DELETE ON audit_redaction "
                          "FOR EACH ROW EXECUTE FUNCTION toegang_audit_insert_only()")


def refuse_redaction(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_redaction_insert_only ON audit_redaction")
    schema_editor.execute("""
        CREATE OR REPLACE FUNCTION toegang_audit_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'Auditregels zijn onveranderlijk: % op % geweigerd', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$""", params=None)



class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_rights_requests'),
    ]

    operations = [
        migrations.CreateModel(
            name='Redaction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('log', models.CharField(choices=[('change', 'wijzigingslog'), ('access', 'inzagelog')], max_length=10)),
                ('seq', models.BigIntegerField(verbose_name='volgnummer')),
                ('at', models.DateTimeField()),
                ('reason', models.CharField(max_length=200, verbose_name='reden')),
                ('original_mac', models.CharField(max_length=64)),
                ('content_mac', models.CharField(max_length=64)),
                ('mac', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'geschoonde auditregel',
                'verbose_name_plural': 'geschoonde auditregels',
                'constraints': [models.UniqueConstraint(fields=('log', 'seq'), name='audit_redaction_one_per_row')],
            },
        ),
        migrations.RunPython(allow_redaction, refuse_redaction),
    ]
