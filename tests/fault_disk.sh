#!/usr/bin/env bash
# fault_disk.sh FRANA DB_CHECK — the disk fills up; the database is read-only.
#
# Disk full: 2,000 articles are committed, then an import of 20,000 more runs
# under a file size limit (ulimit -f, which needs no mount) a little above the
# size of the largest table: a write fails with EFBIG (frana index ignores
# SIGXFSZ), the add or the commit that wrote fails, and frana says so and
# exits 1. The database then
# opens, holds every article committed before the fault, and only whole
# batches after it. Then an add that fails (Xapian made to write during adds
# with XAPIAN_FLUSH_THRESHOLD): the batch is cancelled, the final commit
# says so, and "indexed N" is exactly what the database holds. xapian-check
# after each fault.
#
# Read-only: the database directory made read-only for the user running
# frana index (as root, whom chmod does not stop, the import runs as nobody
# through setpriv or runuser): a clear message that is not "locked", exit
# non-zero, the database unchanged, and searching it still works.
set -u
FRANA=${1:?usage: fault_disk.sh PATH/TO/frana PATH/TO/db_check}
DB_CHECK=${2:?usage: fault_disk.sh PATH/TO/frana PATH/TO/db_check}
. "$(dirname "$0")/lib.sh"

BATCH=500
gen_articles "$TMP/a.jsonl" a 2000 0
gen_articles "$TMP/b.jsonl" b 20000 0
DB=$TMP/db
"$FRANA" index --db "$DB" --batch $BATCH "$TMP/a.jsonl" >/dev/null 2>&1
check "2000 articles committed first" test "$(articles "$DB")" = 2000

# ---- disk full ---------------------------------------------------------------
largest_kb=$(du -k "$DB"/*.glass | sort -n | tail -n 1 | cut -f1)
limit=$((largest_kb + 1024))
(
    ulimit -f $limit
    exec "$FRANA" index --db "$DB" --batch $BATCH "$TMP/b.jsonl"
) >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
check "file size limit: exit 1 ($rc), not killed by SIGXFSZ" test $rc -eq 1
check "file size limit: frana index reports the failed write: $err" contains "$err" "frana index: $DB:"
check "file size limit: the cause is named: $err" contains "$err" "File too large"
n=$(articles "$DB")
check "after the fault the database opens" test -n "$n"
out=$("$DB_CHECK" "$DB" --ids)
rc=$?
check "after the fault: whole articles, one document per id" test $rc -eq 0
check "after the fault: every article committed before it is there" \
    test "$(grep -c '^a-' <<<"$out")" = 2000
nb=$(grep -c '^b-' <<<"$out")
check "after the fault: whole batches of the failed import ($nb articles)" test $((nb % BATCH)) -eq 0
check "after the fault: exactly the first batches" \
    test "$(grep '^b-' <<<"$out" | sort)" = "$(distinct_ids "$TMP/b.jsonl" "$nb" | grep . || true)"
check "after the fault: xapian-check finds no error" xcheck "$DB"
echo "file size limit ${limit} KB: failed with: $err; $nb articles of the second import committed"
out=$("$FRANA" index --db "$DB" --batch $BATCH "$TMP/b.jsonl" 2>&1 >/dev/null)
rc=$?
check "without the limit the import completes ($rc): $out" test $rc -eq 0
check "22000 articles" test "$(articles "$DB")" = 22000

# ---- an add that fails ---------------------------------------------------------
# Long articles, and Xapian flushing its buffers every 50 changes: the writes
# that fail come from adds inside a batch, not only from commits.
awk 'BEGIN { srand(7); for (i = 1; i <= 3000; i++) {
    printf "{\"id\":\"f-%d\",\"title\":\"Dépêche %d\",\"body\":\"", i, i
    for (k = 0; k < 300; k++) printf "mot%d%d élection%d ", i, k, int(rand() * 3000)
    printf "\"}\n" } }' >"$TMP/f.jsonl"
FDB=$TMP/fdb
"$FRANA" index --db "$FDB" --batch $BATCH "$TMP/a.jsonl" >/dev/null 2>&1
largest_kb=$(du -k "$FDB"/*.glass | sort -n | tail -n 1 | cut -f1)
(
    ulimit -f $((largest_kb + 4096))
    XAPIAN_FLUSH_THRESHOLD=50 exec "$FRANA" index --db "$FDB" --batch $BATCH "$TMP/f.jsonl"
) >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
out=$(cat "$TMP/out")
check "failed add: exit 1 ($rc)" test $rc -eq 1
check "failed add: an add failed, not only a commit: $err" grep -qv "commit failed" "$TMP/err"
check "failed add: the final commit says what was lost: $err" contains "$err" "added since the last commit are lost"
nf=$("$DB_CHECK" "$FDB" --ids | grep -c '^f-')
check "failed add: the summary counts what is durable ($out; $nf stored)" \
    contains "$out" "indexed $nf articles"
check "failed add: whole batches ($nf)" test $((nf % BATCH)) -eq 0
check "failed add: the 2000 articles before are there" test "$("$DB_CHECK" "$FDB" --ids | grep -c '^a-')" = 2000
check "failed add: xapian-check finds no error" xcheck "$FDB"
echo "failed add: $out; $err"

# ---- read-only database directory -------------------------------------------
as_user=()
if [ "$(id -u)" -ne 0 ]; then
    as_user=(env)
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
elif command -v runuser >/dev/null && id nobody >/dev/null 2>&1; then
    as_user=(runuser -u nobody --)
fi
if [ ${#as_user[@]} -gt 0 ] && ! "${as_user[@]}" test -x "$FRANA"; then
    echo "SKIP read-only: the unprivileged user cannot run $FRANA"
    as_user=()
fi
if [ ${#as_user[@]} -eq 0 ]; then
    echo "SKIP read-only: running as root without setpriv or runuser and a nobody user"
else
    chmod 755 "$TMP"
    chmod -R a+rX "$TMP"
    chmod -R a-w "$DB"
    err=$("${as_user[@]}" "$FRANA" index --db "$DB" "$TMP/a.jsonl" 2>&1 >/dev/null)
    rc=$?
    check "read-only: exit non-zero ($rc)" test $rc -ne 0
    check "read-only: not reported as another writer: $err" lacks "$err" "locked by another writer"
    check "read-only: the cause is named: $err" contains "$err" "Permission denied"
    out=$("${as_user[@]}" "$FRANA" search --db "$DB" --limit 1 --batch - <<<"élection" 2>&1)
    rc=$?
    check "read-only: searching works ($rc): $out" test $rc -eq 0
    chmod -R u+w "$DB"
    check "read-only: the database is unchanged" test "$(articles "$DB")" = 22000
    check "read-only: xapian-check finds no error" xcheck "$DB"
    echo "read-only directory: $err"
fi
report
