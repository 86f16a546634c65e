#!/usr/bin/env bash
# fault_kill.sh FRANA DB_CHECK — kill -9 during an import, at 20 random moments.
#
# The input: 6,000 small articles, 5,000 distinct ids (every 6th line is a new
# version of an earlier id), committed every 250 lines. Each time, on a fresh
# database: start the import, wait a random time within one import's duration,
# kill -9. Then the database opens (frana stats), every document is a whole
# article whose id term indexes it alone (db_check), the articles are exactly
# those of the first k batches for some k (a commit is all or nothing), and a
# re-run ends with exactly the 5,000 distinct ids, and xapian-check finds no
# error. Also a creation cut short. (e2e_index_search.sh kills one import
# once; this test kills at spread-out moments and checks contents.)
#
# The kill moments come from a window that follows the machine's speed: it
# starts at one import's duration and shrinks to the delay of any import that
# finished before its kill, so a machine slowed or sped up by other tests
# (ctest -j8, sanitizers) still gets its kills during imports.
set -u
FRANA=${1:?usage: fault_kill.sh PATH/TO/frana PATH/TO/db_check}
DB_CHECK=${2:?usage: fault_kill.sh PATH/TO/frana PATH/TO/db_check}
. "$(dirname "$0")/lib.sh"

KILLS=${FAULT_KILLS:-20}
BATCH=250
IN=$TMP/in.jsonl
gen_articles "$IN" k 6000 6
LINES=$(wc -l <"$IN")
DISTINCT=$(distinct_ids "$IN" | wc -l)
check "input: 5000 distinct ids ($DISTINCT)" test "$DISTINCT" -eq 5000

# The distinct id count after each whole batch: what a kill may leave.
declare -A after_batches # count -> k
after_batches[0]=0
for ((k = 1; (k - 1) * BATCH < LINES; k++)); do
    after_batches[$(distinct_ids "$IN" $((k * BATCH)) | wc -l)]=$k
done

# How long one import takes here (sanitizers and valgrind slow it down).
t0=$(now_ms)
"$FRANA" index --db "$TMP/base" --batch $BATCH "$IN" >/dev/null 2>&1
span=$(($(now_ms) - t0))
check "a whole import gives $DISTINCT articles" test "$(articles "$TMP/base")" = "$DISTINCT"
echo "one import takes $span ms"

mid=0
attempts=0
delve_checked=0
while [ $mid -lt "$KILLS" ] && [ $attempts -lt $((KILLS * 6)) ]; do
    attempts=$((attempts + 1))
    DB=$TMP/db$attempts
    "$FRANA" index --db "$DB" --batch $BATCH "$IN" >/dev/null 2>&1 &
    pid=$!
    PIDS+=($pid)
    delay=$((RANDOM % (span > 20 ? span : 20)))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    if ! kill -0 $pid 2>/dev/null; then
        wait $pid 2>/dev/null
        # The import had finished: not a kill during the import. It took
        # less than the delay, so the window shrinks to it.
        [ $delay -lt $span ] && span=$((delay > 20 ? delay : 20))
        continue
    fi
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    mid=$((mid + 1))
    if [ ! -e "$DB/iamglass" ]; then
        # Killed before the database existed: nothing to open, nothing lost.
        n=0
    else
        n=$(articles "$DB")
        check "kill $mid (${delay} ms): the database opens" test -n "$n"
        out=$("$DB_CHECK" "$DB" --ids)
        rc=$?
        check "kill $mid: whole articles, one document per id: $(grep -v '^k-' <<<"$out" | head -3)" \
            test $rc -eq 0
        check "kill $mid: xapian-check finds no error" xcheck "$DB"
        k=${after_batches[${n:-x}]:-}
        check "kill $mid: $n articles is a whole number of batches" test -n "$k"
        if [ -n "$k" ]; then
            check "kill $mid: exactly the articles of the first $k batches" \
                test "$(grep '^k-' <<<"$out" | sort)" = "$(distinct_ids "$IN" $((k * BATCH)))"
        fi
        if [ $delve_checked -eq 0 ] && [ "${n:-0}" -gt 0 ] && command -v xapian-delve >/dev/null; then
            d=$(xapian-delve -t Qk-1 "$DB" 2>&1)
            check "xapian-delve: Qk-1 indexes one document: $d" contains "$d" "termfreq 1"
            delve_checked=1
        fi
    fi
    out=$("$FRANA" index --db "$DB" --batch $BATCH "$IN" 2>&1 >/dev/null)
    rc=$?
    check "kill $mid: the re-run succeeds: $out" test $rc -eq 0
    check "kill $mid: the re-run ends with $DISTINCT articles" \
        test "$(articles "$DB")" = "$DISTINCT"
    check "kill $mid: after the re-run xapian-check finds no error" xcheck "$DB"
    echo "kill $mid at ${delay} ms: ${n:-?} articles committed, re-run complete"
    rm -rf "$DB"
done
check "$KILLS kills during an import ($mid in $attempts attempts)" test $mid -ge "$KILLS"

# A kill while the database was being created leaves table files without the
# version file (iamglass): no article, and Xapian would refuse the directory.
# frana index starts it anew; a directory holding anything else is left alone.
DB=$TMP/cut
mkdir -p "$DB"
: >"$DB/postlist.glass"
: >"$DB/flintlock"
out=$("$FRANA" index --db "$DB" --batch $BATCH "$IN" 2>&1 >/dev/null)
rc=$?
check "creation cut short: the import starts anew ($rc): $out" test $rc -eq 0
check "creation cut short: $DISTINCT articles" test "$(articles "$DB")" = "$DISTINCT"
DB=$TMP/foreign
mkdir -p "$DB"
: >"$DB/postlist.glass"
echo keep >"$DB/notes.txt"
"$FRANA" index --db "$DB" "$IN" >/dev/null 2>&1
check "a directory with other files is not emptied" test -s "$DB/notes.txt"
report
