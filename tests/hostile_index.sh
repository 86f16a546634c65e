#!/usr/bin/env bash
# hostile_index.sh FRANA DB_CHECK — hostile databases, trees and names.
#
# A database folder holding a Xapian stub that names a remote "program" (and
# a stub file given as the path): frana search and frana index refuse it with
# a message and never run the program. A .txt tree with symbolic link loops,
# a second path to a file, a link to nothing and (when the test can drop
# root) an unreadable folder: each file indexed once, every skip reported,
# exit 1 for what could not be read. File names and input holding terminal
# escapes: no raw control character reaches stderr or stdout. A .txt of
# 100 MB of NUL bytes: refused as not text, with bounded memory. A file too
# big for the memory left (ulimit -v): a message about memory, not about
# UTF-8. SIGINT while frana index reads standard input: exit 130 and no read
# error. Queries over the caps: 100,000 words, more bytes than allowed.
set -u
FRANA=${1:?usage: hostile_index.sh PATH/TO/frana PATH/TO/db_check}
DB_CHECK=${2:?usage: hostile_index.sh PATH/TO/frana PATH/TO/db_check}
. "$(dirname "$0")/lib.sh"

ESC=$'\033'
# raw_controls FILE: whether FILE holds a C0 control other than newline, or a C1 control.
raw_controls() { LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"; }
no_raw_controls() { ! raw_controls "$1"; }

# ---- a stub database ----------------------------------------------------------
STUB=$TMP/stub
mkdir -p "$STUB"
echo "remote :/bin/touch $STUB/PWNED" >"$STUB/XAPIANDB"
printf '{"id":"a","body":"minsk"}\n' >"$TMP/a.jsonl"
out=$("$FRANA" search --db "$STUB" minsk 2>&1)
rc=$?
check "stub folder: search refuses ($rc)" test $rc -ne 0
check "stub folder: search runs nothing" test ! -e "$STUB/PWNED"
check "stub folder: search says why: $out" contains "$out" "Xapian stub file (XAPIANDB), which frana does not follow"
out=$("$FRANA" index --db "$STUB" "$TMP/a.jsonl" 2>&1)
rc=$?
check "stub folder: index refuses ($rc)" test $rc -ne 0
check "stub folder: index runs nothing" test ! -e "$STUB/PWNED"
check "stub folder: index says why: $out" contains "$out" "XAPIANDB"
check "stub folder: index wrote no database there" test ! -e "$STUB/iamglass"
out=$("$FRANA" search --db "$STUB/XAPIANDB" minsk 2>&1)
rc=$?
check "stub file as the path: search refuses ($rc): $out" test $rc -ne 0
check "stub file as the path: runs nothing" test ! -e "$STUB/PWNED"
check "stub file as the path: says why: $out" contains "$out" "not a directory"

# ---- a .txt tree with loops -----------------------------------------------------
T=$TMP/tree
mkdir -p "$T/sub"
printf 'Le titre\nLe chat noir de Minsk.\n' >"$T/a.txt"
printf 'Deux\nUne université.\n' >"$T/sub/b.txt"
ln -s .. "$T/sub/loop"
ln -s . "$T/self"
ln -s sub/b.txt "$T/again.txt"
ln -s nowhere "$T/broken.txt"
out=$(timeout -k 5 60 "$FRANA" index --db "$TMP/tdb" "$T" 2>"$TMP/err")
rc=$?
err=$(cat "$TMP/err")
check "loops: the walk ends, exit 1 for the link to nothing ($rc)" test $rc -eq 1
ids=$("$DB_CHECK" "$TMP/tdb" --ids | grep -v '^articles\|^doc ' | sort | tr '\n' ' ')
check "loops: each file once: $ids" test "$ids" = "a.txt sub/b.txt "
check "loops: the summary: $out" contains "$out" "indexed 2 articles"
check "loops: the loop to . is reported: $err" contains "$err" "$T/self: a folder met before"
check "loops: the loop to .. is reported" contains "$err" "$T/sub/loop: a folder met before"
check "loops: the second path to a file is reported" contains "$err" "$T/again.txt: a file met before"
check "loops: the link to nothing is reported" contains "$err" "$T/broken.txt: a symbolic link to nothing"
check "loops: the count of unreadable entries" contains "$err" "1 folder entry could not be read"

# An unreadable folder (root reads everything: the walk runs as nobody then).
as_user=()
if [ "$(id -u)" -ne 0 ]; then
    as_user=(env)
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
fi
if [ ${#as_user[@]} -gt 0 ] && "${as_user[@]}" test -x "$FRANA"; then
    U=$TMP/utree
    mkdir -p "$U/locked" "$U/open"
    printf 'Un\nMinsk.\n' >"$U/open/a.txt"
    printf 'Deux\nMinsk.\n' >"$U/locked/b.txt"
    chmod 755 "$TMP"
    chmod -R a+rX "$U"
    chmod 000 "$U/locked"
    mkdir -m 777 "$TMP/udb"
    out=$("${as_user[@]}" "$FRANA" index --db "$TMP/udb/db" "$U" 2>&1)
    rc=$?
    chmod 755 "$U/locked"
    check "unreadable folder: exit 1 ($rc): $out" test $rc -eq 1
    check "unreadable folder: reported: $out" contains "$out" "$U/locked: Permission denied, skipped"
    check "unreadable folder: the rest is indexed" contains "$out" "indexed 1 articles"
else
    echo "SKIP unreadable folder: cannot run as an unprivileged user"
fi

# ---- terminal escapes in names and input ----------------------------------------
E=$TMP/etree
mkdir -p "$E"
evil="e${ESC}]0;pwned"$'\a'"${ESC}[2J"$'\n'"x"$'\xc2\x9b'"31m"$'\xe2\x80\xae'
printf 'Titre\nTexte \xff invalide.\n' >"$E/$evil.txt"
printf '{"id":"d","date":"\\u001b]52;c;cGF5bG9hZA==\\u0007"}\n' >"$TMP/e.jsonl"
"$FRANA" index --db "$TMP/edb" "$E" "$TMP/e.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "escapes: exit 1 for the two bad records ($rc)" test $rc -eq 1
check "escapes: no raw control character on stderr: $(cat -v "$TMP/err")" no_raw_controls "$TMP/err"
check "escapes: no raw control character on stdout" no_raw_controls "$TMP/out"
check "escapes: no bidi override on stderr" lacks "$(cat "$TMP/err")" $'\xe2\x80\xae'
check "escapes: the file name is shown escaped: $(cat "$TMP/err")" \
    contains "$(cat "$TMP/err")" 'e\x1B]0;pwned\x07\x1B[2J\x0Ax\x9B31m\u202E.txt: invalid UTF-8'
check "escapes: the quoted date is shown escaped" contains "$(cat "$TMP/err")" 'bad date "\x1B]52;c;'

# ---- 100 MB of NUL bytes -----------------------------------------------------------
N=$TMP/ntree
mkdir -p "$N"
head -c 100000000 /dev/zero >"$N/zeros.txt"
printf 'Titre\nMinsk.\n' >"$N/fine.txt"
"$FRANA" index --db "$TMP/ndb" "$N" >"$TMP/out" 2>"$TMP/err" &
pid=$!
peak=0
while kill -0 $pid 2>/dev/null; do
    v=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null)
    [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
    sleep 0.02
done
wait $pid
rc=$?
check "NUL file: exit 1 ($rc)" test $rc -eq 1
check "NUL file: reported as not text: $(cat "$TMP/err")" contains "$(cat "$TMP/err")" "zeros.txt: a NUL byte at offset 0: not a text file"
check "NUL file: the other file is indexed" contains "$(cat "$TMP/out")" "indexed 1 articles"
check "NUL file: peak memory ${peak} KB below 400 MB" test "$peak" -lt 400000
echo "100 MB of NUL bytes: peak RSS $((peak / 1024)) MB"
rm -f "$N/zeros.txt"

# ---- a file too big for the memory left -----------------------------------------------
# Not under the sanitizers, whose shadow memory a ulimit -v does not leave room for.
if ldd "$FRANA" 2>/dev/null | grep -q libasan; then
    echo "SKIP memory limit: the sanitizers need more address space than the limit"
else
    B=$TMP/btree
    mkdir -p "$B"
    yes 'Une phrase de texte français ordinaire, longue et répétée.' | head -c 200000000 >"$B/big.txt"
    out=$( (ulimit -v 700000; exec "$FRANA" index --db "$TMP/bdb" "$B") 2>&1)
    rc=$?
    check "memory limit: exit 1 ($rc)" test $rc -eq 1
    check "memory limit: the message is about memory: $out" \
        bash -c "grep -qiE 'out of memory|cannot allocate memory' <<<'${out//\'/}'"
    check "memory limit: not reported as invalid UTF-8" lacks "$out" "UTF-8"
    echo "memory limit: $out"
    rm -f "$B/big.txt"
fi

# ---- SIGINT while reading standard input -------------------------------------------
SDB=$TMP/sdb
mkfifo "$TMP/fifo"
"$FRANA" index --db "$SDB" - <"$TMP/fifo" >"$TMP/out" 2>"$TMP/err" &
pid=$!
PIDS+=($pid)
exec 3>"$TMP/fifo"
printf '{"id":"s1","body":"Minsk"}\n' >&3
for _ in $(seq 500); do
    [ -e "$SDB/iamglass" ] && break
    sleep 0.01
done
sleep 0.2
kill -INT $pid
wait $pid
rc=$?
exec 3>&-
check "SIGINT on stdin: exit 130 ($rc)" test $rc -eq 130
check "SIGINT on stdin: no read error: $(cat "$TMP/err")" lacks "$(cat "$TMP/err")" "read error"
check "SIGINT on stdin: the line read is committed: $(cat "$TMP/out")" contains "$(cat "$TMP/out")" "indexed 1 articles"

# ---- query caps ---------------------------------------------------------------------
DB=$TMP/corpus
"$FRANA" index --db "$DB" data/corpus_fr.jsonl >/dev/null 2>&1
q=$(printf 'minsk %.0s' $(seq 100000))
out=$(printf '%s\n' "$q" | "$FRANA" search --db "$DB" --batch - 2>&1 >/dev/null)
rc=$?
check "100,000 words: refused ($rc)" test $rc -ne 0
check "100,000 words: the limit is named: $out" contains "$out" "over the limit of 10000 words"
q=$(printf 'minsk %.0s' $(seq 10000))
out=$(printf '%s\n' "$q" | "$FRANA" search --db "$DB" --batch - 2>&1)
check "10,000 words: answered ($?)" lacks "$out" "limit"
head -c 17000000 /dev/zero | tr '\0' 'a' >"$TMP/bigq"
echo >>"$TMP/bigq"
out=$("$FRANA" search --db "$DB" --batch "$TMP/bigq" 2>&1 >/dev/null)
rc=$?
check "a 17 MB query: refused ($rc)" test $rc -ne 0
check "a 17 MB query: the limit is named: $out" contains "$out" "bytes, over the limit of 16777216"
report
