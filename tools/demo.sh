#!/usr/bin/env bash
# The main job on the bundled sample: analyze French news text, index a small
# news corpus (French, English, German, Russian articles) and run the searches
# that show what frana is for. usage: tools/demo.sh [path/to/frana]
set -euo pipefail
cd "$(dirname "$0")/.."
frana=${1:-build/frana}
db=$(mktemp -d "${TMPDIR:-/tmp}/frana-demo.XXXXXX")
trap 'rm -rf "$db"' EXIT

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "frana analyze: the first lines of tests/data/sample_fr.txt (FLORES-200, CC BY-SA 4.0)"
head -n 4 tests/data/sample_fr.txt | "$frana" analyze

say "frana index: tests/data/corpus_fr.jsonl and tests/data/corpus_txt/"
"$frana" index --db "$db/news" tests/data/corpus_fr.jsonl tests/data/corpus_txt

run() {
  say "frana search $*"
  "$frana" search --db "$db/news" --limit 3 "$@"
}
run election                              # accentless: finds l’élection
run "l'élection"                          # elided article, straight apostrophe
run '"election presidentielle"'           # accentless phrase
run chatiment                             # châtiment, and not the cat
run chat                                  # the cat, and not châtiment
run Lukashenko Sochi                      # English spelling, French articles too
run Лукашенко                             # Cyrillic
run --or Lukaschenko Sotschi              # German spelling
run 'title:poutine date:2020-09-01..2020-09-30'
say "frana names Moscou Loukachenko"
"$frana" names Moscou Loukachenko
say "frana stats"
"$frana" stats --db "$db/news"
