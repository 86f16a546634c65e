#!/usr/bin/env bash
# fault_lock.sh FRANA DB_CHECK — a second writer while the first is importing.
#
# The first writer imports 30,000 articles; while it runs, a second frana
# index on the same database is tried again and again: each attempt exits
# non-zero with "database is locked by another writer" and changes nothing,
# and searches keep working. The first then finishes with exit 0 and all
# 30,000 articles, each whole (db_check). (e2e_index_search.sh tries one
# second writer against an idle one that waits on a fifo.)
set -u
FRANA=${1:?usage: fault_lock.sh PATH/TO/frana PATH/TO/db_check}
DB_CHECK=${2:?usage: fault_lock.sh PATH/TO/frana PATH/TO/db_check}
. "$(dirname "$0")/lib.sh"

N=30000
IN=$TMP/in.jsonl
gen_articles "$IN" w $N 0
gen_articles "$TMP/other.jsonl" other 50 0
DB=$TMP/db

"$FRANA" index --db "$DB" --batch 200 "$IN" >"$TMP/out" 2>"$TMP/err" &
first=$!
PIDS+=($first)
for _ in $(seq 500); do
    n=$(articles "$DB")
    [ -n "$n" ] && [ "$n" -gt 0 ] && break
    sleep 0.01
done

tries=0
while kill -0 $first 2>/dev/null && [ $tries -lt 5 ]; do
    err=$("$FRANA" index --db "$DB" "$TMP/other.jsonl" 2>&1 >/dev/null)
    rc=$?
    kill -0 $first 2>/dev/null || break # the first finished meanwhile: not a clash
    tries=$((tries + 1))
    check "second writer $tries exits non-zero ($rc)" test $rc -ne 0
    check "second writer $tries: locked message: $err" \
        test "$err" = "frana index: $DB: database is locked by another writer"
    out=$("$FRANA" search --db "$DB" --limit 1 --batch - <<<"élection" 2>&1)
    rc=$?
    check "a search during the import works ($rc): $out" test $rc -eq 0
done
check "the second writer was tried while the first imported ($tries times)" test $tries -ge 1

wait $first
rc=$?
check "the first writer exits 0 ($rc): $(cat "$TMP/err")" test $rc -eq 0
check "its summary: $(cat "$TMP/out")" contains "$(cat "$TMP/out")" "indexed $N articles (0 replaced, 0 skipped)"
out=$("$DB_CHECK" "$DB")
rc=$?
check "all $N articles, whole, none of the second writer's: $out" test $rc -eq 0 -a "$out" = "articles $N"
check "xapian-check finds no error" xcheck "$DB"
echo "second writer refused $tries times during the import"
report
