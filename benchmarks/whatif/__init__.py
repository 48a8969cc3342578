"""``run.py --what-if``: the pages measured with the changes docs/performance.md proposes.

Nothing here is used by the site. It shows, on the same data, what the proposed index and
caching would give before anyone changes the apps: template overrides that wrap each measured
page's ``content`` block in ``{% cache %}``, ``cache_page`` around the two API lists, and a
copy of the benchmark database with the proposed index on documents.
"""
