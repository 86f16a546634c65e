#!/usr/bin/env bash
# e2e_index_search.sh FRANA — frana index / search / stats end to end, over
# real Xapian databases in a temporary directory. Run from tests/ (ctest does).
#
# Covers: the bundled corpus (JSON Lines and a .txt tree), accent and elision
# matching, chat / châtiment, NOT, title:, dates, --json and --batch output,
# re-import without duplicates, malformed lines reported as FILE:LINE, --strict,
# a second writer refused, kill -9 mid-import then a re-run, SIGINT/SIGTERM,
# syntax errors and empty queries.
set -u
FRANA=${1:?usage: e2e_index_search.sh PATH/TO/frana}
. "$(dirname "$0")/lib.sh"
ids() { # ids DB QUERY: the comma-joined ids, best first, framed by commas
    local line
    line=$(printf '%s\n' "$2" | "$FRANA" search --db "$1" --limit 100 --batch -)
    echo ",$(cut -f4 <<<"$line"),"
}

DB=$TMP/news
out=$("$FRANA" index --db "$DB" data/corpus_fr.jsonl data/corpus_txt 2>"$TMP/err")
rc=$?
check "index corpus: exit 0 (got $rc: $(cat "$TMP/err"))" test $rc -eq 0
check "summary line: $out" contains "$out" "indexed 29 articles (0 replaced, 0 skipped) in"
check "29 articles" test "$(articles "$DB")" = 29

# Accents, case, elision: all find fr-001 (l’élection).
for q in élection election "l'élection" ELECTIONS "L’Élection"; do
    check "$q finds fr-001" contains "$(ids "$DB" "$q")" ",fr-001,"
done
check "accentless phrase" contains "$(ids "$DB" '"election presidentielle"')" ",fr-001,"
check "chatiment finds fr-004" contains "$(ids "$DB" chatiment)" ",fr-004,"
check "chat does not find fr-004" lacks "$(ids "$DB" chat)" ",fr-004,"
check "chat finds fr-005" contains "$(ids "$DB" chat)" ",fr-005,"
check "universite finds the .txt article" contains "$(ids "$DB" universite)" ",2020/universites.txt,"
check "title:poutine" test "$(ids "$DB" title:poutine)" = ",fr-003,"
check "minsk NOT poutine" lacks "$(ids "$DB" 'minsk NOT poutine')" ",fr-002,"
check "minsk -poutine" contains "$(ids "$DB" 'minsk -poutine')" ",fr-011,"
check "date range" test "$(ids "$DB" 'date:2020-09-14..2020-09-14' | tr ',' '\n' | grep -c .)" = 5

# A batch that shows only rank and score reads no document: the same rows
# as with the ids shown, less the id column.
printf 'election\nminsk OR moscou\nchat\n' >"$TMP/few.txt"
"$FRANA" search --db "$DB" --or --batch "$TMP/few.txt" --format tsv --fields rank,score \
    >"$TMP/noid.tsv"
"$FRANA" search --db "$DB" --or --batch "$TMP/few.txt" --format tsv --fields rank,id,score |
    cut -f1-4,6- >"$TMP/withid.tsv"
rows=$(wc -l <"$TMP/noid.tsv")
check "rank and score only: rows ($rows)" test "$rows" -gt 5
check "rank and score only: the rows of the full search" cmp -s "$TMP/noid.tsv" "$TMP/withid.tsv"

# Output formats.
out=$("$FRANA" search --db "$DB" --json election)
check "--json shape: $out" contains "$out" '{"query":"election","total":3,"exact":true,"results":[{"rank":1,"id":"fr-001"'
check "--json snippet highlights l’[élection]" contains "$out" 'l’[élection]'
out=$(printf 'élection\nchat\n' | "$FRANA" search --db "$DB" --batch -)
check "--batch lines: $out" test "$out" = "$(printf '1\télection\t3\tfr-001,fr-008,fr-007\n2\tchat\t1\tfr-005')"
out=$(printf 'élection\nchat\n' | "$FRANA" search --db "$DB" --json --batch - | wc -l)
check "--batch --json: one line per query" test "$out" -eq 2
out=$("$FRANA" search --db "$DB" --limit 1 élection)
check "text output: $out" contains "$out" "[fr-001]"
check "text output snippet" contains "$out" "l’[élection]"

# Errors: syntax (with a position), empty queries, no database.
err=$("$FRANA" search --db "$DB" "(minsk" 2>&1 >/dev/null)
rc=$?
check "syntax error exit ($rc)" test $rc -eq 1
check "syntax error message: $err" contains "$err" "syntax error at 0: unbalanced parenthesis"
err=$("$FRANA" search --db "$DB" 'minsk AND' 2>&1 >/dev/null)
check "AND at the end: $err" contains "$err" "syntax error at 6"
err=$("$FRANA" search --db "$DB" "$(printf '(%.0s' $(seq 300))minsk" 2>&1 >/dev/null)
rc=$?
check "deep nesting: $rc $err" test $rc -eq 1
check "deep nesting message" contains "$err" "too deep"
for q in "" "le la les" "-minsk"; do
    err=$("$FRANA" search --db "$DB" -- "$q" 2>&1 >/dev/null)
    rc=$?
    check "empty query '$q' exits 1 ($rc)" test $rc -eq 1
    check "empty query '$q' message: $err" contains "$err" "nothing to search for"
done
"$FRANA" search --db "$TMP/none" minsk >/dev/null 2>&1
check "no database: non-zero" test $? -ne 0

# Re-import: replaced, not duplicated.
out=$("$FRANA" index --db "$DB" data/corpus_fr.jsonl data/corpus_txt 2>/dev/null)
check "re-import summary: $out" contains "$out" "indexed 29 articles (29 replaced, 0 skipped)"
check "still 29 articles" test "$(articles "$DB")" = 29

# Malformed lines: the good ones are indexed, the bad ones named, exit 1.
BAD=$TMP/bad
out=$("$FRANA" index --db "$BAD" data/corpus_bad.jsonl 2>"$TMP/err")
rc=$?
err=$(cat "$TMP/err")
check "bad file exits 1 ($rc)" test $rc -eq 1
check "bad file: 6 articles" test "$(articles "$BAD")" = 6
for line in 2 4 6 7 10; do
    check "bad line $line reported: $err" contains "$err" "data/corpus_bad.jsonl:$line:"
done
check "invalid UTF-8 reason" contains "$err" "data/corpus_bad.jsonl:10: invalid UTF-8"
check "missing id reason" contains "$err" "data/corpus_bad.jsonl:4: missing id"
check "bad summary: $out" contains "$out" "indexed 6 articles (0 replaced, 5 skipped)"
"$FRANA" index --db "$TMP/strict" --strict data/corpus_bad.jsonl >/dev/null 2>"$TMP/err"
rc=$?
check "--strict exits 1" test $rc -eq 1
check "--strict keeps what came before" test "$(articles "$TMP/strict")" = 1
check "--strict names line 2" contains "$(cat "$TMP/err")" "data/corpus_bad.jsonl:2:"

# A second writer is refused while the first holds the lock.
LOCKDB=$TMP/locked
mkfifo "$TMP/fifo"
"$FRANA" index --db "$LOCKDB" - <"$TMP/fifo" >/dev/null 2>&1 &
PIDS+=($!)
exec 3>"$TMP/fifo"
for _ in $(seq 100); do [ -e "$LOCKDB/flintlock" ] && break; sleep 0.05; done
err=$("$FRANA" index --db "$LOCKDB" data/corpus_fr.jsonl 2>&1 >/dev/null)
rc=$?
check "second writer exits non-zero ($rc)" test $rc -ne 0
check "locked message: $err" test "$err" = "frana index: $LOCKDB: database is locked by another writer"
head -n 3 data/corpus_fr.jsonl >&3
exec 3>&-
wait "${PIDS[-1]}"
check "first writer finished" test "$(articles "$LOCKDB")" = 3

# kill -9 in the middle of a big import, then a re-run: complete, no duplicates.
BIG=$TMP/big.jsonl
awk 'BEGIN { for (i = 1; i <= 20000; i++)
    printf "{\"id\":\"gen-%d\",\"title\":\"Dépêche numéro %d\",\"body\":\"L’élection du maire de Minsk, %d voix. Les universités ouvrent.\",\"date\":\"2020-09-14\"}\n", i, i, i }' >"$BIG"
KDB=$TMP/killed
"$FRANA" index --db "$KDB" --batch 500 "$BIG" >/dev/null 2>&1 &
pid=$!
PIDS+=($pid)
for _ in $(seq 400); do
    n=$("$FRANA" stats --db "$KDB" 2>/dev/null | awk '/^articles/ {print $2}')
    [ -n "$n" ] && [ "$n" -gt 0 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
n=$(articles "$KDB")
check "after kill -9: a committed prefix ($n)" test "$n" -le 20000
check "after kill -9: xapian-check finds no error" xcheck "$KDB"
echo "kill -9 left $n of 20000 articles committed"
out=$("$FRANA" index --db "$KDB" --batch 500 "$BIG" 2>/dev/null)
rc=$?
check "re-run exits 0 ($rc)" test $rc -eq 0
check "re-run: 20000 articles, no duplicates" test "$(articles "$KDB")" = 20000
check "re-run summary counts replacements: $out" contains "$out" "indexed 20000 articles ($n replaced"

# SIGINT / SIGTERM: finish the article, commit, exit 130 / 143.
for sig in INT TERM; do
    SDB=$TMP/sig$sig
    "$FRANA" index --db "$SDB" --batch 500 "$BIG" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    PIDS+=($pid)
    for _ in $(seq 400); do
        n=$("$FRANA" stats --db "$SDB" 2>/dev/null | awk '/^articles/ {print $2}')
        [ -n "$n" ] && [ "$n" -gt 0 ] && break
        sleep 0.02
    done
    kill -$sig $pid
    wait $pid
    rc=$?
    want=$([ $sig = INT ] && echo 130 || echo 143)
    summary=$(cat "$TMP/out")
    got=$(articles "$SDB")
    if [ $rc -eq 0 ]; then
        echo "SIG$sig came after the import finished; skipped"
    else
        check "SIG$sig exit $want ($rc)" test $rc -eq $want
        check "SIG$sig message" contains "$(cat "$TMP/err")" "interrupted by SIG$sig"
        check "SIG$sig: committed what it reported ($summary / $got)" contains "$summary" "indexed $got articles"
        check "SIG$sig: xapian-check finds no error" xcheck "$SDB"
    fi
done

report
