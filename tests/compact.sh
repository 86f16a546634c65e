#!/usr/bin/env bash
# compact.sh FRANA — frana compact on one database and on a sharded folder
# (tests/data/corpus_fr.jsonl and corpus_flores100.jsonl, 126 articles):
#  - the same answers before and after (ids and scores of every hit of every
#    query of tests/data/shard_queries.txt and of every title word, AND and OR),
#    the same article counts (frana stats, and frana stats --stub summing the
#    shards), xapian-check clean, the stub still opens, and the files shrink;
#  - refusals that name the path and change nothing: a writer holding the
#    database, a parent folder where the new folder cannot be made, a stub of
#    remote lines (compact on the server), --db on a sharded folder, no
#    database; the database still answers as before after each.
set -u
FRANA=${1:?usage: compact.sh PATH/TO/frana}
. "$(dirname "$0")/lib.sh"
DATA=$(cd "$(dirname "$0")/data" && pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

cat "$DATA/corpus_fr.jsonl" "$DATA/corpus_flores100.jsonl" >"$TMP/all.jsonl"
{
    cat "$DATA/shard_queries.txt"
    "$PY" -c 'import json, re, sys
words = set()
for line in open(sys.argv[1], encoding="utf-8"):
    for w in re.findall(r"\w{4,}", json.loads(line).get("title", "")):
        words.add(w)
print("\n".join(sorted(words)))' "$TMP/all.jsonl"
} >"$TMP/queries.txt"
nq=$(wc -l <"$TMP/queries.txt")
check "queries ($nq)" test "$nq" -gt 100

"$FRANA" index --db "$TMP/one.db" "$TMP/all.jsonl" >/dev/null 2>&1
"$FRANA" index --shards 2 --db "$TMP/sh" "$TMP/all.jsonl" >/dev/null 2>&1
# answers WHERE FLAG...: every query, AND and OR, ids and scores of the hits.
answers() {
    local where=$1
    shift
    for mode in --and --or; do
        "$FRANA" search "$@" "$where" $mode --batch "$TMP/queries.txt" --format jsonl \
            --fields rank,id,score --limit 20 2>/dev/null
    done
}
stub_total() { "$FRANA" stats --stub "$1" | awk '$1 == "total" {print $2}'; }
answers "$TMP/one.db" --db >"$TMP/one.before"
answers "$TMP/sh" --stub >"$TMP/sh.before"
hits=$(grep -o '"rank"' "$TMP/one.before" | wc -l)
check "the queries find hits ($hits)" test "$hits" -gt 1000
check "stats: 126 articles in one database" test "$(articles "$TMP/one.db")" = 126
check "stats --stub: the shards sum to 126" test "$(stub_total "$TMP/sh")" = 126
size_one=$(du -sk "$TMP/one.db" | cut -f1)
size_sh=$(du -sk "$TMP/sh" | cut -f1)

out=$("$FRANA" compact --db "$TMP/one.db" 2>&1)
check "compact --db: $out" contains "$out" "compacted $TMP/one.db:"
out=$("$FRANA" compact --stub "$TMP/sh" 2>&1)
check "compact --stub: $out" contains "$out" "compacted $TMP/sh:"
answers "$TMP/one.db" --db >"$TMP/one.after"
answers "$TMP/sh" --stub >"$TMP/sh.after"
check "one database: the same answers after compaction" cmp -s "$TMP/one.before" "$TMP/one.after"
check "shards: the same answers after compaction" cmp -s "$TMP/sh.before" "$TMP/sh.after"
check "stats: 126 articles after" test "$(articles "$TMP/one.db")" = 126
check "stats --stub: 126 after" test "$(stub_total "$TMP/sh")" = 126
check "xapian-check: one database" xcheck "$TMP/one.db"
check "xapian-check: shard0" xcheck "$TMP/sh/shard0"
check "xapian-check: shard1" xcheck "$TMP/sh/shard1"
out=$(xapian-delve "$TMP/sh" 2>&1)
check "xapian-delve opens the stub: 126 documents" contains "$out" "number of documents = 126"
check "the stub still lists shard0 and shard1" \
    test "$(grep -c '^glass shard[01]$' "$TMP/sh/XAPIANDB")" = 2
check "one database is smaller ($size_one KB before, $(du -sk "$TMP/one.db" | cut -f1) after)" \
    test "$(du -sk "$TMP/one.db" | cut -f1)" -lt "$size_one"
check "the shards are smaller ($size_sh KB before, $(du -sk "$TMP/sh" | cut -f1) after)" \
    test "$(du -sk "$TMP/sh" | cut -f1)" -lt "$size_sh"
left=$(ls -A "$TMP" | grep compact || true)
check "no temporary folder left (${left:-none})" test -z "$left"
# A writer indexing more after compaction: the database is a normal one.
printf '{"id":"compact-new","title":"Après la compaction","body":"Un article de plus."}\n' >"$TMP/new.jsonl"
"$FRANA" index --db "$TMP/one.db" "$TMP/new.jsonl" >/dev/null 2>&1
check "indexing after compaction: 127 articles" test "$(articles "$TMP/one.db")" = 127

# Through a symbolic link, with a trailing slash: the target is compacted in
# its place and the link stays a link.
cp -r "$TMP/sh/shard1" "$TMP/target.db"
ln -s target.db "$TMP/link.db"
answers "$TMP/target.db" --db >"$TMP/link.before"
out=$("$FRANA" compact --db "$TMP/link.db/" 2>&1)
check "compact through a link: $out" contains "$out" "compacted $TMP/link.db/:"
check "the link is still a link" test -L "$TMP/link.db"
answers "$TMP/link.db" --db >"$TMP/link.after"
check "the linked database answers as before" cmp -s "$TMP/link.before" "$TMP/link.after"
check "xapian-check: the link's target" xcheck "$TMP/target.db"

# A writer holds the database: refused, nothing changed.
mkfifo "$TMP/hold"
"$PY" -c 'import sys, xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN)
print("locked", flush=True)
open(sys.argv[2]).read()' "$TMP/one.db" "$TMP/hold" >"$TMP/lock.out" &
PIDS+=($!)
for _ in $(seq 50); do grep -q locked "$TMP/lock.out" 2>/dev/null && break; sleep 0.1; done
check "the writer holds the lock" grep -q locked "$TMP/lock.out"
answers "$TMP/one.db" --db >"$TMP/one.held"
out=$("$FRANA" compact --db "$TMP/one.db" 2>&1)
rc=$?
check "compact under a writer fails (rc $rc)" test $rc = 1
check "it names the path and the writer: $out" contains "$out" "frana compact: $TMP/one.db: a writer holds the database"
echo >"$TMP/hold"
wait "${PIDS[-1]}" 2>/dev/null
answers "$TMP/one.db" --db >"$TMP/one.after2"
check "the held database answers as before" cmp -s "$TMP/one.held" "$TMP/one.after2"

# A parent folder where nothing can be made: chmod for a user, chattr +i for
# root (which chmod does not stop).
mkdir "$TMP/ro"
cp -r "$TMP/sh/shard0" "$TMP/ro/db"
answers "$TMP/ro/db" --db >"$TMP/ro.before"
locked_parent=""
if [ "$(id -u)" != 0 ]; then
    chmod a-w "$TMP/ro" && locked_parent=chmod
elif chattr +i "$TMP/ro" 2>/dev/null; then
    locked_parent=chattr
fi
if [ -n "$locked_parent" ]; then
    out=$("$FRANA" compact --db "$TMP/ro/db" 2>&1)
    rc=$?
    [ "$locked_parent" = chattr ] && chattr -i "$TMP/ro"
    chmod u+w "$TMP/ro"
    check "compact with an unwritable parent fails (rc $rc)" test $rc = 1
    check "it names the path and the parent: $out" \
        contains "$out" "frana compact: $TMP/ro/db: cannot make the folder to compact into in $TMP/ro:"
    answers "$TMP/ro/db" --db >"$TMP/ro.after"
    check "that database answers as before" cmp -s "$TMP/ro.before" "$TMP/ro.after"
    check "xapian-check: that database" xcheck "$TMP/ro/db"
else
    echo "note: no way to make a folder unwritable here (root without chattr): that case is not run"
fi

# Refusals before anything is done.
printf 'glass %s\nremote 127.0.0.1:9\n' "$TMP/sh/shard0" >"$TMP/remote.stub"
out=$("$FRANA" compact --stub "$TMP/remote.stub" 2>&1)
rc=$?
check "a stub with a remote line is refused (rc $rc)" test $rc = 1
check "it says to compact on the server: $out" \
    contains "$out" "$TMP/remote.stub:2: 127.0.0.1:9 is a remote database: compact it on its server"
out=$("$FRANA" compact --db "$TMP/sh" 2>&1)
check "--db on a sharded folder points to --stub: $out" contains "$out" "compact it as a stub (frana compact --stub)"
out=$("$FRANA" compact --db "$TMP/none" 2>&1)
check "no database: $out" contains "$out" "frana compact: $TMP/none: no glass database here"
answers "$TMP/sh" --stub >"$TMP/sh.after2"
check "the shards answer as before after the refusals" cmp -s "$TMP/sh.before" "$TMP/sh.after2"
# A folder holding more than the database is refused, and what it holds
# stays: a note, a shard inside a shard, a stub that names its own folder.
n1=$(articles "$TMP/one.db")
cp -a "$TMP/one.db" "$TMP/extra.db"
echo precious >"$TMP/extra.db/NOTES.txt"
out=$("$FRANA" compact --db "$TMP/extra.db" 2>&1)
rc=$?
check "a database folder holding a note is refused (rc $rc)" test $rc = 1
check "it names the file: $out" contains "$out" "holds NOTES.txt, which is not a file of a glass database"
check "the note is still there" grep -q precious "$TMP/extra.db/NOTES.txt"
check "and the database holds its $n1 articles" test "$(articles "$TMP/extra.db")" = "$n1"
cp -a "$TMP/sh" "$TMP/self"
printf 'glass shard0\nglass shard1\nglass .\n' >"$TMP/self/XAPIANDB"
cp "$TMP/one.db"/* "$TMP/self/"
out=$("$FRANA" compact --stub "$TMP/self" 2>&1)
rc=$?
check "a stub naming its own folder is refused (rc $rc): $out" test $rc = 1
check "the stub and its shards are still there" \
    test "$(stub_total "$TMP/self")" = $((126 + n1)) -a -e "$TMP/self/XAPIANDB"
cp -a "$TMP/sh" "$TMP/nest"
mv "$TMP/nest/shard1" "$TMP/nest/shard0/inner"
printf 'glass shard0\nglass shard0/inner\n' >"$TMP/nest/XAPIANDB"
out=$("$FRANA" compact --stub "$TMP/nest" 2>&1)
rc=$?
check "a shard inside a shard is refused (rc $rc)" test $rc = 1
check "before anything is compacted: both shards hold their articles" test "$(stub_total "$TMP/nest")" = 126
# The owner and the modes of the folder and its files are kept.
cp -a "$TMP/one.db" "$TMP/perm.db"
chmod 700 "$TMP/perm.db"
chmod 600 "$TMP/perm.db"/*
want=$(stat -c '%u:%g %a' "$TMP/perm.db" "$TMP/perm.db/iamglass" "$TMP/perm.db/postlist.glass")
out=$("$FRANA" compact --db "$TMP/perm.db" 2>&1)
check "compacted with modes 700/600: $out" contains "$out" "compacted $TMP/perm.db:"
check "and it holds its $n1 articles" test "$(articles "$TMP/perm.db")" = "$n1"
check "owner and modes kept" test \
    "$(stat -c '%u:%g %a' "$TMP/perm.db" "$TMP/perm.db/iamglass" "$TMP/perm.db/postlist.glass")" = "$want"
# What an interrupted compaction left beside the database is removed, and a
# file size limit gives a message, not a killed process.
mkdir -p "$TMP/.perm.db.compact-abc123/db"
cp "$TMP/one.db"/* "$TMP/.perm.db.compact-abc123/db/"
"$FRANA" compact --db "$TMP/perm.db" >/dev/null 2>&1
check "a leftover compaction folder is removed" test ! -e "$TMP/.perm.db.compact-abc123"
# (Xapian 1.4's compaction leaks what it had built when a write fails: leak
# checks are off for this one run of a sanitizer build.)
out=$(ulimit -f 100; ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    "$FRANA" compact --db "$TMP/perm.db" 2>&1)
rc=$?
check "a file size limit: exit 1, not a signal (rc $rc)" test $rc = 1
check "it says so: $out" contains "$out" "File too large"
check "the database still holds its $n1 articles" test "$(articles "$TMP/perm.db")" = "$n1"
left=$(ls -A "$TMP" | grep compact-)
check "no temporary folder left after the failure (${left:-none})" test -z "$left"
report
