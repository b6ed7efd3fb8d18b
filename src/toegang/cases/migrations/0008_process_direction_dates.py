"""What process direction reads of every open case without a subquery per case (issue 12): the latest contact
moment with the household itself (filled from the contact moments; cases/actions/journal.py keeps it), and the
day each professional now involved joined, kept by a trigger on the involvements in PostgreSQL and SQLite alike."""

from django.db import migrations, models

HOUSEHOLD = ["keukentafelgesprek", "huisbezoek", "gesprek", "telefoon", "beeldbellen"]  # CONTACT_WITH_HOUSEHOLD

# the professionals of case :id with an involvement not ended, each once with the day they first joined
POSTGRESQL = ["""
CREATE FUNCTION toegang_case_professionals(case_id bigint) RETURNS void AS $$
    UPDATE cases_casus SET professionals_since = COALESCE((
        SELECT jsonb_agg(d ORDER BY d) FROM (
            SELECT MIN(valid_from) AS d FROM persons_involvement
            WHERE casus_id = case_id AND valid_until IS NULL GROUP BY medewerker_id) joined), '[]'::jsonb)
    WHERE id = case_id
$$ LANGUAGE sql""", """
CREATE FUNCTION toegang_involvement_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.casus_id IS NOT NULL THEN
        PERFORM toegang_case_professionals(OLD.casus_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.casus_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.casus_id IS DISTINCT FROM OLD.casus_id) THEN
        PERFORM toegang_case_professionals(NEW.casus_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""", """
CREATE TRIGGER involvement_case_professionals AFTER INSERT OR UPDATE OR DELETE ON persons_involvement
    FOR EACH ROW EXECUTE FUNCTION toegang_involvement_changed()""", """
UPDATE cases_casus c SET professionals_since = COALESCE((
    SELECT jsonb_agg(d ORDER BY d) FROM (
        SELECT MIN(valid_from) AS d FROM persons_involvement
        WHERE casus_id = c.id AND valid_until IS NULL GROUP BY medewerker_id) joined), '[]'::jsonb)"""]
POSTGRESQL_DROP = ["DROP TRIGGER involvement_case_professionals ON persons_involvement",
                   "DROP FUNCTION toegang_involvement_changed()", "DROP FUNCTION toegang_case_professionals(bigint)"]


def _sqlite_refresh(case: str) -> str:
    return (f"UPDATE cases_casus SET professionals_since = (SELECT json_group_array(d) FROM ("
            f"SELECT MIN(valid_from) AS d FROM persons_involvement WHERE casus_id = {case} AND valid_until IS NULL "
            f"GROUP BY medewerker_id ORDER BY d)) WHERE id = {case};")


SQLITE = [
    f"CREATE TRIGGER involvement_case_professionals_insert AFTER INSERT ON persons_involvement "
    f"WHEN NEW.casus_id IS NOT NULL BEGIN {_sqlite_refresh('NEW.casus_id')} END;",
    f"CREATE TRIGGER involvement_case_professionals_update AFTER UPDATE ON persons_involvement "
    f"BEGIN {_sqlite_refresh('OLD.casus_id')} {_sqlite_refresh('NEW.casus_id')} END;",
    f"CREATE TRIGGER involvement_case_professionals_delete AFTER DELETE ON persons_involvement "
    f"WHEN OLD.casus_id IS NOT NULL BEGIN {_sqlite_refresh('OLD.casus_id')} END;",
    _sqlite_refresh("cases_casus.id"),
]
SQLITE_DROP = [f"DROP TRIGGER involvement_case_professionals_{op};" for op in ("insert", "update", "delete")]


def fill_last_contact(apps, schema_editor):
    Casus = apps.get_model("cases", "Casus")
    ContactMoment = apps.get_model("cases", "ContactMoment")
    last = (ContactMoment.objects.filter(casus_id=models.OuterRef("pk"), kind__in=HOUSEHOLD).order_by("-at")
            .values("at")[:1])
    Casus.objects.update(last_household_contact_at=models.Subquery(last))


def professionals_trigger(apps, schema_editor):
    for statement in POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement, params=None)


def drop_professionals_trigger(apps, schema_editor):
    for statement in POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_unowned_cases'),
        ('persons', '0004_household_composition_gezag'),
    ]

    operations = [
        migrations.AddField(
            model_name='casus',
            name='last_household_contact_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='casus',
            name='professionals_since',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_last_contact, migrations.RunPython.noop),
        migrations.RunPython(professionals_trigger, drop_professionals_trigger),
    ]
