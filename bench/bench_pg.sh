#!/usr/bin/env bash
# bench_pg.sh [DATA_DIR] [ROUNDS] — frana through PostgreSQL, next to stock
# PostgreSQL (the french configuration with unaccent before french_stem), on a
# throwaway cluster that is stopped at exit (tests/pg/lib.sh). Run from the
# repository root after the build (BUILD=build by default).
#
# 1. Cross-language known-item retrieval, bench/bench_xlang.cc's corpus and
#    queries (bench/bench_pg_data.py): the French sides of WMT newstest2013
#    and FLORES-200 devtest, one document per sentence; each aligned sentence
#    of another language (whole, or its names only) is a query whose one
#    relevant document is its translation. OR semantics (each word's
#    plainto_tsquery ORed), top 10 by ts_rank among the matches (ties by id).
#    success@1 and MRR@10 per set, language and form.
# 2. Indexing: bench_index's 22.4 MB (articles of 20 sentences), to_tsvector
#    alone, and to_tsvector into a table then a GIN index built on it, after a
#    CHECKPOINT, ROUNDS rounds (default 3) in alternating order; times, MB/s,
#    the ratio of throughputs. XLANG=0 skips part 1 (it takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
ROUNDS=${2:-3}
BUILD=${BUILD:-build}
. tests/pg/lib.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/frana_bench_pg.XXXXXX")
trap 'pg_stop; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
python3 bench/bench_pg_data.py "$DATA" "$work" 20
pg_setup cmake "$BUILD" "$work"
pg_start "$work"
psql_b() { pg_psql -d bench -v VERBOSITY=terse "$@"; }
pg_psql -d postgres -c "CREATE DATABASE bench"
psql_b <<'SQL'
CREATE EXTENSION frana;
CREATE EXTENSION unaccent;
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TABLE xdocs (set text, id int, body text);
CREATE TABLE xqueries (set text, lang text, form text, id int, q text);
CREATE TABLE corpus (id int, body text);
SQL
psql_b -c "\\copy xdocs FROM '$work/xdocs.tsv'"
psql_b -c "\\copy xqueries FROM '$work/xqueries.tsv'"
psql_b -c "\\copy corpus FROM '$work/corpus.tsv'"

if [ "${XLANG:-1}" != 0 ]; then
echo
echo "== cross-language known-item retrieval: OR of the words, top 10 by ts_rank"
psql_b <<'SQL'
SET client_min_messages = warning;
\timing on
ALTER TABLE xdocs ADD COLUMN tsv_stock tsvector, ADD COLUMN tsv_frana tsvector;
UPDATE xdocs SET tsv_stock = to_tsvector('french_unaccent', body),
                 tsv_frana = to_tsvector('frana_fr', body);
CREATE INDEX ON xdocs USING gin (tsv_stock);
CREATE INDEX ON xdocs USING gin (tsv_frana);
-- OR semantics: plainto_tsquery's & between words (no phrase, no stopword
-- gaps in plainto_tsquery) made |. (tsquery values cannot be TOASTed: made per query.)
CREATE TABLE ranks AS
SELECT q.set, q.lang, q.form, q.id,
       (SELECT array_position(array_agg(d.id ORDER BY r DESC, d.id), q.id) FROM
           (SELECT d.id, ts_rank(d.tsv_stock, t.stock) AS r FROM xdocs d
             WHERE d.set = q.set AND d.tsv_stock @@ t.stock
             ORDER BY r DESC, d.id LIMIT 10) d) AS stock,
       (SELECT array_position(array_agg(d.id ORDER BY r DESC, d.id), q.id) FROM
           (SELECT d.id, ts_rank(d.tsv_frana, t.frana) AS r FROM xdocs d
             WHERE d.set = q.set AND d.tsv_frana @@ t.frana
             ORDER BY r DESC, d.id LIMIT 10) d) AS frana
FROM xqueries q,
     LATERAL (SELECT replace(plainto_tsquery('french_unaccent', q.q)::text, ' & ', ' | ')::tsquery AS stock,
                     replace(plainto_tsquery('frana_fr', q.q)::text, ' & ', ' | ')::tsquery AS frana) t;
\timing off
SELECT set, lang, form, count(*) AS n,
       round(avg(coalesce(stock = 1, false)::int), 3) AS "stock s@1",
       round(avg(coalesce(1.0 / stock, 0)), 3) AS "stock MRR@10",
       round(avg(coalesce(frana = 1, false)::int), 3) AS "frana s@1",
       round(avg(coalesce(1.0 / frana, 0)), 3) AS "frana MRR@10"
FROM ranks GROUP BY set, lang, form
ORDER BY set DESC, array_position(ARRAY['en','de','ru','cs','es','pl','be','uk'], lang), form DESC;
SQL
fi

echo
echo "== indexing $(psql_b -At -c "SELECT round(sum(octet_length(body)) / 1e6, 1) || ' MB, ' || count(*) || ' articles' FROM corpus"), $ROUNDS rounds, alternating"
run() { # run CONFIG KIND: seconds of one round
    local sql
    if [ "$2" = analyze ]; then
        sql="SELECT sum(length(to_tsvector('$1', body))) FROM corpus"
    else
        sql="CREATE TABLE idx AS SELECT id, to_tsvector('$1', body) AS tsv FROM corpus;
             CREATE INDEX ON idx USING gin (tsv)"
    fi
    psql_b -At <<SQL | tail -n 1
SET client_min_messages = warning;
SET maintenance_work_mem = '256MB';
DROP TABLE IF EXISTS idx;
CHECKPOINT;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
$sql;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 2);
SQL
}
mb=$(psql_b -At -c "SELECT sum(octet_length(body)) / 1e6 FROM corpus")
for kind in analyze index; do
    s_all=() f_all=()
    for r in $(seq "$ROUNDS"); do
        if [ $((r % 2)) -eq 1 ]; then
            s=$(run french_unaccent $kind); f=$(run frana_fr $kind)
        else
            f=$(run frana_fr $kind); s=$(run french_unaccent $kind)
        fi
        s_all+=("$s") f_all+=("$f")
    done
    python3 - "$kind" "$mb" "${s_all[*]}" "${f_all[*]}" <<'PY'
import statistics, sys
kind, mb = sys.argv[1], float(sys.argv[2])
s = [float(x) for x in sys.argv[3].split()]
f = [float(x) for x in sys.argv[4].split()]
what = "to_tsvector" if kind == "analyze" else "to_tsvector + GIN build"
for name, t in (("stock french+unaccent", s), ("frana_fr", f)):
    m = statistics.median(t)
    print(f"{what:26s} {name:22s} median {m:6.2f} s  {mb / m:5.2f} MB/s  (rounds: {', '.join(f'{x:.2f}' for x in t)})")
ratios = [a / b for a, b in zip(s, f)]
print(f"{what:26s} frana / stock throughput: median {statistics.median(s) / statistics.median(f):.2f}x "
      f"(per round {min(ratios):.2f}-{max(ratios):.2f}x)")
PY
done
size=$(psql_b -At -c "SELECT pg_size_pretty(pg_total_relation_size('idx'))")
echo "last index table (stock or frana, whichever ran last): $size"
psql_b -At <<'SQL'
SELECT 'tsvector bytes per article: stock ' || round(avg(pg_column_size(to_tsvector('french_unaccent', body)))) ||
       ', frana ' || round(avg(pg_column_size(to_tsvector('frana_fr', body)))) FROM corpus WHERE id <= 1110;
SQL
