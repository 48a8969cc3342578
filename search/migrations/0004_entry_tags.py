"""Filter words (``SearchEntry.tags``) in the SQLite FTS5 index: visibility, kind, language,
year, countries and action plan items are matched inside the index, so that counting and
filtering never join the 100,000 rows of the table (see docs/search.md)."""

from django.db import migrations, models

from search.query import tags_for

FTS_COLUMNS = "title_en, title_fr, body, tags"
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_entry_fts",
    f"""CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        {FTS_COLUMNS},
        content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title_en, new.title_fr, new.body, new.tags);
    END""",
    f"""CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title_en, old.title_fr, old.body, old.tags);
    END""",
    f"""CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title_en, old.title_fr, old.body, old.tags);
        INSERT INTO search_entry_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title_en, new.title_fr, new.body, new.tags);
    END""",
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]


def fill_tags(apps, schema_editor):
    """The tags of the entries already indexed, then (SQLite) the index with its new column."""
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchFacet = apps.get_model("search", "SearchFacet")
    connection = schema_editor.connection
    db = connection.alias
    sqlite = connection.vendor == "sqlite"
    if sqlite:  # no trigger work per updated row: the index is rebuilt once at the end
        for sql in SQLITE_FORWARD[:4]:
            schema_editor.execute(sql)
    facets: dict[int, dict[str, set]] = {}
    for entry_id, name, value in SearchFacet.objects.using(db).values_list(
        "entry_id", "name", "value"
    ):
        facets.setdefault(entry_id, {"country": set(), "item": set()})[name].add(value)
    rows = SearchEntry.objects.using(db).values_list(
        "id", "kind", "language", "year", "visibility"
    )
    updates = []
    for pk, kind, language, year, visibility in rows.iterator(chunk_size=5000):
        f = facets.get(pk, {"country": set(), "item": set()})
        tags = tags_for(
            visibility=visibility, kind=kind, language=language, year=year,
            countries=f["country"], items=f["item"],
        )  # fmt: skip
        updates.append((tags, pk))
    with connection.cursor() as cursor:
        cursor.executemany("UPDATE search_searchentry SET tags = %s WHERE id = %s", updates)
    if sqlite:
        for sql in SQLITE_FORWARD[4:]:
            schema_editor.execute(sql)


def drop_tags_column_from_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from importlib import import_module

        previous = import_module("search.migrations.0002_fulltext")
        for sql in previous.SQLITE_BACKWARD + previous.SQLITE_FORWARD:
            schema_editor.execute(sql)
        schema_editor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_visibility")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="tags",
            field=models.TextField(blank=True, editable=False, verbose_name="filter words"),
        ),
        migrations.RunPython(fill_tags, drop_tags_column_from_index),
    ]
