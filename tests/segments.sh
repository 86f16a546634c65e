#!/usr/bin/env bash
# segments.sh FRANA DB_CHECK — a new database built in segments (frana index
# --segments N: N shards written in parallel in a hidden folder, merged by
# Xapian's compactor) and shards merged into one database (frana compact
# --stub STUB --into DIR), over tests/data/corpus_fr.jsonl, corpus_flores100.jsonl
# and corpus_bad.jsonl (132 good articles, 5 malformed records):
#  - the same index as one writer makes (db_check --dump, which does not depend
#    on document ids), every article once, the same answers (ids and scores of
#    every hit of every query of tests/data/shard_queries.txt, AND and OR;
#    equal scores in any order), the same summary line;
#  - nothing left beside the database; a re-import into it replaces every
#    article; an existing database is written directly;
#  - refusals that name the path: --shards with --segments, a merge into a
#    folder that holds something, a stub with a remote line; a merge that
#    fails (a file size limit) leaves no database and no folder behind.
set -u
FRANA=${1:?usage: segments.sh PATH/TO/frana PATH/TO/db_check}
DB_CHECK=${2:?usage: segments.sh PATH/TO/frana PATH/TO/db_check}
. "$(dirname "$0")/lib.sh"
DATA=$(cd "$(dirname "$0")/data" && pwd)
IN=("$DATA/corpus_fr.jsonl" "$DATA/corpus_flores100.jsonl" "$DATA/corpus_bad.jsonl")

# answers WHERE FLAG...: every query, AND and OR: per query line its total and
# its hits as sorted "score id" pairs (ties in any order).
answers() {
    local where=$1
    shift
    for mode in --and --or; do
        "$FRANA" search "$@" "$where" $mode --batch "$DATA/shard_queries.txt" --format tsv \
            --fields id,score --limit 50 2>/dev/null
    done | sort
}

one_out=$("$FRANA" index --db "$TMP/one.db" --segments 1 "${IN[@]}" 2>/dev/null)
seg_out=$("$FRANA" index --db "$TMP/seg.db" --segments 2 "${IN[@]}" 2>"$TMP/seg.err")
rc=$?
check "--segments 2 with malformed records: exit 1 as without (rc $rc)" test $rc = 1
check "it says it merged: $seg_out" contains "$seg_out" "written as 2 segments in parallel, merged into one database"
check "the same count as one writer" test "$(head -1 <<<"$seg_out" | cut -d' ' -f1-6)" = \
    "$(head -1 <<<"$one_out" | cut -d' ' -f1-6)"
check "one writer's count is 132 articles: $one_out" contains "$one_out" "indexed 132 articles (0 replaced, 5 skipped)"
check "the malformed records named with their line" grep -q 'corpus_bad.jsonl:4: missing id' "$TMP/seg.err"
"$DB_CHECK" "$TMP/one.db" --dump >"$TMP/one.dump"
"$DB_CHECK" "$TMP/seg.db" --dump >"$TMP/seg.dump"
check "the dump holds the articles ($(wc -l <"$TMP/one.dump") lines)" test "$(wc -l <"$TMP/one.dump")" -gt 10000
check "the same index as one writer (db_check --dump)" cmp -s "$TMP/one.dump" "$TMP/seg.dump"
# db_check --ids: its last line counts the documents walked, the lines
# before it without "doc " are the ids (its other lines say which bodies do
# not name their id, which these corpora's bodies need not).
ids=$("$DB_CHECK" "$TMP/seg.db" --ids)
check "db_check walks 132 documents" test "$(tail -1 <<<"$ids")" = "articles 132"
nid=$(grep -v -e '^doc ' -e '^articles ' <<<"$ids" | sort -u | wc -l)
check "132 distinct ids ($nid): every article once" test "$nid" = 132
check "xapian-check: no error" xcheck "$TMP/seg.db"
answers "$TMP/one.db" --db >"$TMP/one.ans"
answers "$TMP/seg.db" --db >"$TMP/seg.ans"
hits=$(wc -l <"$TMP/one.ans")
check "the queries find hits ($hits rows)" test "$hits" -gt 500
check "the same answers as one writer's database" cmp -s "$TMP/one.ans" "$TMP/seg.ans"
left=$(ls -A "$TMP" | grep segments-)
check "no segments folder left (${left:-none})" test -z "$left"

out=$("$FRANA" index --db "$TMP/seg.db" --segments 2 "${IN[@]}" 2>/dev/null)
check "a re-import writes the database directly: $out" lacks "$out" "segments"
check "and replaces every article" contains "$out" "indexed 132 articles (132 replaced, 5 skipped)"
check "still 132 articles" test "$(articles "$TMP/seg.db")" = 132
mkdir "$TMP/empty.db"
out=$("$FRANA" index --db "$TMP/empty.db" --segments 3 "$DATA/corpus_fr.jsonl" 2>&1)
check "an empty folder is a new database: $out" contains "$out" "written as 3 segments"
n_fr=$(articles "$TMP/empty.db")
check "it holds corpus_fr's articles ($n_fr)" test "$n_fr" -gt 20
out=$("$FRANA" index --db "$TMP/x.db" --shards 2 --segments 2 "$DATA/corpus_fr.jsonl" 2>&1)
rc=$?
check "--shards with --segments: refused (rc $rc): $out" test $rc = 2
check "nothing made" test ! -e "$TMP/x.db"

# frana compact --stub STUB --into DIR
"$FRANA" index --db "$TMP/sh" --shards 2 "${IN[@]}" >/dev/null 2>&1
out=$("$FRANA" compact --stub "$TMP/sh" --into "$TMP/merged.db" 2>&1)
check "compact --into: $out" contains "$out" "merged $TMP/sh into $TMP/merged.db: 132 articles"
"$DB_CHECK" "$TMP/merged.db" --dump >"$TMP/merged.dump"
check "the shards merged: the same index as one writer's" cmp -s "$TMP/one.dump" "$TMP/merged.dump"
check "the shards are left as they are" test "$("$FRANA" stats --stub "$TMP/sh" | awk '$1 == "total" {print $2}')" = 132
out=$("$FRANA" compact --stub "$TMP/sh" --into "$TMP/merged.db" 2>&1)
rc=$?
check "into a folder that holds something: refused (rc $rc)" test $rc = 1
check "it names it: $out" contains "$out" "$TMP/merged.db: exists and is not an empty folder"
check "which is unchanged" test "$("$DB_CHECK" "$TMP/merged.db" --dump | cmp -s - "$TMP/one.dump"; echo $?)" = 0
printf 'glass %s\nremote 127.0.0.1:1\n' "$TMP/sh/shard0" >"$TMP/remote.stub"
out=$("$FRANA" compact --stub "$TMP/remote.stub" --into "$TMP/r.db" 2>&1)
rc=$?
check "a stub with a remote line: refused (rc $rc): $out" contains "$out" "remote.stub:2: 127.0.0.1:1 is a remote database"
check "nothing made" test ! -e "$TMP/r.db"
# (Xapian 1.4's compaction leaks what it had built when a write fails: leak
# checks are off for this one run of a sanitizer build.)
out=$(ulimit -f 150; ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    "$FRANA" compact --stub "$TMP/sh" --into "$TMP/big.db" 2>&1)
rc=$?
check "a file size limit: exit 1, not a signal (rc $rc)" test $rc = 1
check "it says so: $out" contains "$out" "File too large"
check "no database made" test ! -e "$TMP/big.db"
left=$(ls -A "$TMP" | grep merge-)
check "no temporary folder left after the failure (${left:-none})" test -z "$left"
report
