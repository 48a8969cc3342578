"""The full-text index over ``search_searchentry``: FTS5 on SQLite, a tsvector on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        title_en, title_fr, body,
        content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(rowid, title_en, title_fr, body)
        VALUES (new.id, new.title_en, new.title_fr, new.body);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_en, title_fr, body)
        VALUES ('delete', old.id, old.title_en, old.title_fr, old.body);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_en, title_fr, body)
        VALUES ('delete', old.id, old.title_en, old.title_fr, old.body);
        INSERT INTO search_entry_fts(rowid, title_en, title_fr, body)
        VALUES (new.id, new.title_en, new.title_fr, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_entry_fts",
]
PG_CONFIG = "(CASE WHEN language = 'fr' THEN 'french'::regconfig ELSE 'english'::regconfig END)"
POSTGRES_FORWARD = [
    f"""ALTER TABLE search_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector({PG_CONFIG}, coalesce(title_en, '') || ' ' || coalesce(title_fr, '')), 'A')
        || setweight(to_tsvector({PG_CONFIG}, coalesce(body, '')), 'B')
    ) STORED""",
    "CREATE INDEX search_entry_tsv_idx ON search_searchentry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tsv_idx",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
