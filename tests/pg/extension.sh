#!/usr/bin/env bash
# extension.sh CMAKE BUILD FRANA — the PostgreSQL extension end to end, on a
# throwaway cluster (tests/pg/lib.sh) that is always stopped at exit:
#  - CREATE EXTENSION frana from the files `cmake --install` puts in place;
#  - tests/pg/frana.sql, its output diffed against tests/pg/frana.out;
#  - tests/data/corpus_fr.jsonl in a table with a GIN index: each query of
#    tests/pg/queries.tsv finds the ids `frana search` finds on the same
#    corpus (computed in this run), plus the listed known extras;
#  - a 1 MB word: the same cut-and-hashed terms as `frana analyze`, found by
#    its own query, headline and server alive.
# Run from tests/ (ctest does).
set -u
CMAKE=${1:?usage: extension.sh CMAKE BUILD FRANA}
BUILD=${2:?usage: extension.sh CMAKE BUILD FRANA}
FRANA=${3:?usage: extension.sh CMAKE BUILD FRANA}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
trap 'pg_stop; cleanup' EXIT
trap 'exit 1' INT TERM

pg_setup "$CMAKE" "$BUILD" "$TMP" || exit 1
pg_start "$TMP" || exit 1
pg_psql -d postgres -c "CREATE DATABASE frana" || exit 1

# --- the regression script --------------------------------------------------
pg_psql -d frana -a -f - <pg/frana.sql >"$TMP/frana.out" 2>&1
if diff -u pg/frana.out "$TMP/frana.out" >"$TMP/frana.diff"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: tests/pg/frana.sql: output differs from tests/pg/frana.out" >&2
    head -n 80 "$TMP/frana.diff" >&2
fi

# --- the corpus, against frana search ----------------------------------------
pg_psql -d frana -c "CREATE TABLE raw (j jsonb)"
# one JSON line per row: no quote or delimiter character can occur in the text
pg_psql -d frana -c "\\copy raw FROM pstdin WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')" \
    <data/corpus_fr.jsonl
pg_psql -d frana <<'SQL'
CREATE TABLE articles AS
    SELECT j->>'id' AS id, j->>'title' AS title, j->>'body' AS body,
           coalesce(j->>'lang', 'fr') AS lang FROM raw;
ALTER TABLE articles ADD COLUMN tsv tsvector;
UPDATE articles SET tsv = setweight(to_tsvector(('frana_' || lang)::regconfig, coalesce(title, '')), 'A')
                          || to_tsvector(('frana_' || lang)::regconfig, coalesce(body, ''));
CREATE INDEX articles_tsv ON articles USING gin (tsv);
ANALYZE articles;
SQL
n=$(pg_psql -d frana -At -c "SELECT count(*) FROM articles")
check "26 articles in the table (got $n)" test "$n" = 26
plan=$(pg_psql -d frana -At -c "SET enable_seqscan = off" \
    -c "EXPLAIN SELECT id FROM articles WHERE tsv @@ websearch_to_tsquery('frana_fr', 'Minsk')")
check "the GIN index answers: $plan" contains "$plan" "articles_tsv"

"$FRANA" index --db "$TMP/db" data/corpus_fr.jsonl >/dev/null 2>"$TMP/err"
check "frana index: $(cat "$TMP/err")" test $? -eq 0
sorted() { tr ', ' '\n\n' | grep . | sort | tr '\n' ' '; }
while IFS=$'\t' read -r mode q extra why; do
    case $mode in '#'* | '') continue ;; esac
    opt=()
    [ "$mode" = or ] && opt=(--or)
    fr=$(printf '%s\n' "$q" | "$FRANA" search --db "$TMP/db" "${opt[@]}" --limit 100 --batch - |
        cut -f4 | sorted)
    if [ "$mode" = or ]; then
        sql="SELECT string_agg(id, ' ' ORDER BY id) FROM articles WHERE tsv @@ (
               SELECT tsquery_or_agg FROM (SELECT string_agg('(' || plainto_tsquery('frana_fr', w)::text || ')', ' | ')::tsquery
               AS tsquery_or_agg FROM regexp_split_to_table(:'q', '\s+') AS w) s)"
    else
        sql="SELECT string_agg(id, ' ' ORDER BY id) FROM articles
             WHERE tsv @@ websearch_to_tsquery('frana_fr', :'q')"
    fi
    pg=$(printf '%s\n' "$sql" | pg_psql -d frana -At -v q="$q" 2>&1 | sorted)
    want=$(printf '%s %s' "$fr" "$extra" | sorted)
    check "frana search finds something for $q" test -n "$fr"
    check "$q: PostgreSQL finds [$pg], frana [$fr] + [$extra]" test "$pg" = "$want"
done <pg/queries.tsv

# --- a 1 MB word ----------------------------------------------------------------
{ printf 'avant '; head -c 500000 /dev/zero | sed 's/\x0/é/g'; printf ' après'; } >"$TMP/huge.txt"
fr=$("$FRANA" analyze --json <"$TMP/huge.txt" | python3 -c '
import json, sys
terms = set()
for line in sys.stdin:
    tok = json.loads(line)
    if not tok["stop"]:
        # a stem equal to its word is no lexeme of its own (plugin/postgres)
        word = tok["terms"][0]
        terms.update(t for t in tok["terms"] if t != "Z" + word)
print(" ".join(sorted(terms)))')
pg_psql -d frana -c "CREATE TABLE huge (body text)"
pg_psql -d frana -c "\\copy huge FROM pstdin" <"$TMP/huge.txt"
pg=$(pg_psql -d frana -At -c "SELECT array_to_string(tsvector_to_array(to_tsvector('frana_fr', body)), ' ') FROM huge")
check "1 MB word: frana analyze gives a cut and hashed term" contains "$fr" "#"
check "1 MB word: PostgreSQL's lexemes are frana analyze's terms" test "$pg" = "$(echo "$fr" | LC_ALL=C tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
m=$(pg_psql -d frana -At -c "SELECT to_tsvector('frana_fr', body) @@ plainto_tsquery('frana_fr', body),
                              to_tsvector('frana_fr', body) @@ websearch_to_tsquery('frana_fr', body) FROM huge")
check "1 MB word: found by its own plainto_tsquery and websearch_to_tsquery ($m)" test "$m" = "t|t"
h=$(pg_psql -d frana -At -c "SELECT ts_headline('frana_fr', body, plainto_tsquery('frana_fr', 'apres'),
                              'MaxWords=3, MinWords=1') FROM huge")
check "1 MB word: headline ($h)" test "$h" = "<b>après</b>"
len=$(pg_psql -d frana -At -c "SELECT length(ts_headline('frana_fr', body, plainto_tsquery('frana_fr', 'avant'),
                                'HighlightAll=true')) FROM huge")
check "1 MB word: HighlightAll gives the whole text back ($len characters)" test "$len" = $((6 + 500000 + 6 + 7))
alive=$(pg_psql -d frana -At -c "SELECT 1")
check "the server is alive after the bad input" test "$alive" = 1
check "no backend crashed" bash -c "! grep -q 'terminated by signal' '$TMP/server.log'"
report
