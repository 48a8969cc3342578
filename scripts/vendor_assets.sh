#!/bin/sh
# Vendor the front-end assets pinned in package.json / package-lock.json.
#
# Installs the exact locked versions with `npm ci` into a temporary directory
# (never into the repository: no node_modules/ is left behind) and copies the
# few files the site needs into the tree:
#
#   static/vendor/pico/pico.min.css        @picocss/pico  (+ LICENSE.md)
#   static/vendor/htmx/htmx.min.js         htmx.org       (+ LICENSE)
#   reference/data/map/countries-50m.json  world-atlas    (+ LICENSE, NOTICE.md)
#   core/tests/assets/axe/axe.min.js       axe-core       (+ LICENSE; accessibility tests only)
#
# The copied files are committed; nothing here runs at request or test time.
# After changing a version in package.json, run
#   npm install --package-lock-only --ignore-scripts   (in a temp copy)
# to refresh package-lock.json, then this script, then scripts/build_map.py.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rabat-vendor.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

cp "$ROOT/package.json" "$ROOT/package-lock.json" "$TMP/"
(cd "$TMP" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
NM="$TMP/node_modules"

version() { node -p "require('$NM/$1/package.json').version"; }

copy() { # copy SRC DEST_DIR [NEW_NAME]
    mkdir -p "$2"
    cp "$1" "$2/${3:-$(basename "$1")}"
    echo "  $2/${3:-$(basename "$1")}" | sed "s#$ROOT/##"
}

echo "Vendoring into $ROOT"
V="$ROOT/static/vendor"
copy "$NM/@picocss/pico/css/pico.min.css" "$V/pico"
copy "$NM/@picocss/pico/LICENSE.md"       "$V/pico"
echo "@picocss/pico $(version @picocss/pico)" > "$V/pico/VERSION"

copy "$NM/htmx.org/dist/htmx.min.js" "$V/htmx"
copy "$NM/htmx.org/LICENSE"          "$V/htmx"
echo "htmx.org $(version htmx.org)" > "$V/htmx/VERSION"

A="$ROOT/core/tests/assets/axe"
copy "$NM/axe-core/axe.min.js" "$A"
copy "$NM/axe-core/LICENSE"    "$A"
echo "axe-core $(version axe-core)" > "$A/VERSION"

M="$ROOT/reference/data/map"
copy "$NM/world-atlas/countries-50m.json"  "$M"
copy "$NM/world-atlas/LICENSE"             "$M" LICENSE-world-atlas
WA=$(version world-atlas)
cat > "$M/NOTICE.md" <<NOTE
# Map data

  **world-atlas $WA** (ISC licence, Copyright 2013-2019 Michael Bostock; see
  \`LICENSE-world-atlas\`), converted from **Natural Earth** 1:50m
  Admin 0 countries. Natural Earth data is in the public domain
  (https://www.naturalearthdata.com/about/terms-of-use/).
- \`africa_europe.json\`: SVG path data derived from \`countries-50m.json\` by
  \`scripts/build_map.py\` (stdlib-only; decodes, simplifies, clips and projects
  the TopoJSON). Regenerate with \`python scripts/build_map.py\`.
- Country boundaries and names are those of Natural Earth and imply no
  position of the Rabat Process or its partners on the status of any territory.
  Natural Earth shows de facto control: Morocco (504) includes the part of
  Western Sahara west of the berm; "W. Sahara" (732) is only the strip east of
  it. Kosovo, N. Cyprus and Somaliland have no ISO numeric code and are listed
  under "other_areas" in africa_europe.json. France (250) includes Reunion and
  Mayotte, Spain and Portugal their Atlantic islands.
NOTE
echo "  reference/data/map/NOTICE.md"
echo "Done: pico $(version @picocss/pico), htmx $(version htmx.org), axe-core $(version axe-core), world-atlas $WA"
