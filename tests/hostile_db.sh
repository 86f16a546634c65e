#!/usr/bin/env bash
# hostile_db.sh FRANA DB_CHECK — hostile input on the index and search side.
#
# (test_hostile.c covers the analysis side; test_plugin.c an API version the
# library does not have.) Covers: a JSON Lines article whose body is one
# 10 MB word, found again by that word; a 100 MB article indexed with bounded
# memory; raw NUL bytes, \u0000 escapes, invalid and overlong UTF-8 in records;
# 10,000-term queries (AND chain, plain words; an OR chain of 2,000); parentheses nested
# to the limit and beyond; unbalanced quotes; a database of another layout.
set -u
FRANA=${1:?usage: hostile_db.sh PATH/TO/frana PATH/TO/db_check}
DB_CHECK=${2:?usage: hostile_db.sh PATH/TO/frana PATH/TO/db_check}
. "$(dirname "$0")/lib.sh"

# peak_rss_kb COMMAND...: runs it, samples its peak resident size (VmHWM).
peak_rss_kb() {
    "$@" &
    local pid=$! peak=0 v
    while kill -0 $pid 2>/dev/null; do
        v=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null)
        [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
        sleep 0.05
    done
    wait $pid
    local rc=$?
    echo "$peak" >"$TMP/peak"
    return $rc
}

# ---- a 10 MB word -------------------------------------------------------------
DB=$TMP/words
{
    printf '{"id":"long-word","title":"Un mot sans fin","body":"'
    head -c 10000000 /dev/zero | tr '\0' 'a'
    printf '"}\n{"id":"after","body":"La ligne suivante est lue."}\n'
} >"$TMP/word.jsonl"
out=$("$FRANA" index --db "$DB" "$TMP/word.jsonl" 2>&1)
rc=$?
check "10 MB word: indexed ($rc): $out" test $rc -eq 0
check "10 MB word: both lines" contains "$out" "indexed 2 articles"
q=$({ head -c 10000000 /dev/zero | tr '\0' 'a'; echo; } | "$FRANA" search --db "$DB" --batch -)
check "10 MB word: the same word as a query finds it: ${q:(-40)}" test "$(cut -f3,4 <<<"$q")" = "$(printf '1\tlong-word')"

# ---- a 100 MB article -----------------------------------------------------------
sentence='L’élection présidentielle à Minsk a réuni des milliers de manifestants dans la capitale. '
{
    printf '{"id":"huge","title":"Cent mégaoctets","body":"'
    yes "$sentence" | tr -d '\n' | head -c 100000000
    printf ' fin du texte"}\n'
} >"$TMP/huge.jsonl"
peak_rss_kb "$FRANA" index --db "$TMP/huge" "$TMP/huge.jsonl" >"$TMP/out" 2>&1
rc=$?
peak=$(cat "$TMP/peak")
check "100 MB article: indexed ($rc): $(cat "$TMP/out")" test $rc -eq 0
# The line, its parsed copy and its stored copy are 300 MB; the rest is Xapian's.
check "100 MB article: peak memory ${peak} KB below 3 GB" test "$peak" -lt 3000000
q=$(printf 'texte manifestants\n' | "$FRANA" search --db "$TMP/huge" --batch -)
check "100 MB article: searchable to its last word: $q" test "$(cut -f3,4 <<<"$q")" = "$(printf '1\thuge')"
rm -f "$TMP/huge.jsonl"
echo "100 MB article: peak RSS $((peak / 1024)) MB"

# ---- NUL bytes and bad UTF-8 in records -----------------------------------------
DB=$TMP/bytes
{
    printf '{"id":"nul-escape","body":"avant\\u0000après"}\n'
    printf '{"id":"raw-nul","body":"avant\0après"}\n'
    printf '{"id":"invalid","body":"\xff\xfe"}\n'
    printf '{"id":"overlong","body":"\xc0\xaf \xe0\x80\xaf"}\n'
    printf '{"id":"surrogate","body":"\xed\xa0\x80"}\n'
    printf '{"id":"fine","body":"la dernière ligne"}\n'
} >"$TMP/bytes.jsonl"
out=$("$FRANA" index --db "$DB" "$TMP/bytes.jsonl" 2>"$TMP/err")
rc=$?
err=$(cat "$TMP/err")
check "bad bytes: exit 1 for skipped lines ($rc)" test $rc -eq 1
check "bad bytes: 2 indexed, 4 skipped: $out" contains "$out" "indexed 2 articles (0 replaced, 4 skipped)"
check "raw NUL: line 2 reported: $err" contains "$err" "bytes.jsonl:2: "
for line in 3 4 5; do
    check "invalid UTF-8 line $line reported" contains "$err" "bytes.jsonl:$line: invalid UTF-8"
done
check "\\u0000: the words around it are found" test "$(printf 'après\n' | "$FRANA" search --db "$DB" --batch - | cut -f4)" = nul-escape
check "bad bytes: the database holds the 2 articles" test "$(articles "$DB")" = 2

# ---- 10,000-term queries ----------------------------------------------------------
DB=$TMP/corpus
"$FRANA" index --db "$DB" data/corpus_fr.jsonl >/dev/null 2>&1
# An OR of n subqueries costs Xapian's matcher more than linear time (10,000
# alternatives take seconds), so the OR chain is 2,000 long here.
words=(élection minsk poutine université manifestants sotchi chat colère)
for kind in and or words; do
    n=10000
    [ $kind = or ] && n=2000
    q=$(for ((i = 0; i < n; i++)); do
        w=${words[i % 8]}
        case $kind in
        and) printf '%s' "$w"; [ $i -lt $((n - 1)) ] && printf ' AND ' ;;
        or) printf '%s' "$w"; [ $i -lt $((n - 1)) ] && printf ' OR ' ;;
        words) printf '%s%d ' "$w" $((i % 50)) ;;
        esac
    done)
    t0=$(now_ms)
    out=$(printf '%s\n' "$q" | "$FRANA" search --db "$DB" --batch - 2>&1)
    rc=$?
    check "$n-term $kind query: answered ($rc): ${out:0:80}" test $rc -eq 0
    echo "$n-term $kind query: $(($(now_ms) - t0)) ms"
done

# ---- nesting and quotes -------------------------------------------------------------
nest() { printf '(%.0s' $(seq "$1"); printf minsk; printf ')%.0s' $(seq "$1"); }
out=$("$FRANA" search --db "$DB" "$(nest 100)" 2>&1)
check "100 nested parentheses: searched ($?): ${out:0:60}" contains "$out" "result"
out=$("$FRANA" search --db "$DB" "$(nest 101)" 2>&1)
rc=$?
check "101 nested parentheses: exit 1 ($rc)" test $rc -eq 1
check "101 nested parentheses: $out" contains "$out" "syntax error at 100: parentheses nested too deep"
out=$(nest 100000 | "$FRANA" search --db "$DB" --batch - 2>&1)
rc=$?
check "100,000 nested parentheses: a syntax error ($rc): ${out:0:80}" test $rc -eq 1
out=$("$FRANA" search --db "$DB" '"l’élection présidentielle' 2>&1)
rc=$?
check "unbalanced quote: exit 1 ($rc)" test $rc -eq 1
check "unbalanced quote: $out" contains "$out" "syntax error at 0: unterminated quote"
out=$("$FRANA" search --db "$DB" 'minsk "a" "b' 2>&1)
check "unbalanced quote after phrases: $out" contains "$out" "syntax error at 10: unterminated quote"

# ---- a database of another layout ------------------------------------------------------
cp -r "$DB" "$TMP/other"
"$DB_CHECK" "$TMP/other" --set-layout 2
before=$("$DB_CHECK" "$TMP/other" | tail -1)
out=$("$FRANA" search --db "$TMP/other" minsk 2>&1)
rc=$?
check "other layout: search refuses ($rc)" test $rc -ne 0
check "other layout: search says why: $out" contains "$out" "database layout 2, this frana reads 4"
printf '{"id":"new","body":"Minsk"}\n' >"$TMP/new.jsonl"
out=$("$FRANA" index --db "$TMP/other" "$TMP/new.jsonl" 2>&1)
rc=$?
check "other layout: index refuses ($rc)" test $rc -ne 0
check "other layout: index says why: $out" contains "$out" "index the articles again into a new directory"
check "other layout: articles unchanged" test "$("$DB_CHECK" "$TMP/other" | tail -1)" = "$before"
report
