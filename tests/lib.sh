# lib.sh — sourced by the shell tests (e2e_index_search.sh, fault_*.sh): a
# temporary directory removed at exit (with any process left running), check
# helpers, and article inputs. The sourcing script sets FRANA (and DB_CHECK
# where it uses it) first.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/frana_fault.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    chmod -R u+w "$TMP" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check MESSAGE COMMAND...
    local msg=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $msg" >&2
    fi
}
contains() { [[ $1 == *"$2"* ]]; }
lacks() { [[ $1 != *"$2"* ]]; }
report() {
    echo "$passed passed, $failed failed"
    [ $failed -eq 0 ]
}
# articles DB: the article count frana stats gives (empty when it cannot open DB).
articles() { "$FRANA" stats --db "$1" 2>/dev/null | awk '/^articles/ {print $2}'; }
# xcheck DB: xapian-check finds no error in DB (xapian-tools, which .ci/deps installs).
xcheck() {
    local out
    out=$(xapian-check "$1" 2>&1) && contains "$out" "No errors found"
}
# now_ms: milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# gen_articles FILE PREFIX N REPEAT_EVERY: N lines of small articles with ids
# PREFIX-1…; with REPEAT_EVERY > 0, every REPEAT_EVERY-th line repeats an
# earlier id (a new version of that article). Every body names its id.
gen_articles() {
    awk -v n="$3" -v every="$4" -v p="$2" 'BEGIN {
        srand(42); last = 0
        for (i = 1; i <= n; i++) {
            if (every > 0 && i % every == 0 && last > 0) {
                id = p "-" (int(rand() * last) + 1); v = 2
            } else {
                id = p "-" (++last); v = 1
            }
            printf "{\"id\":\"%s\",\"title\":\"Dépêche %s\",\"body\":\"Version %d de %s : " \
                   "l’élection à Minsk, %d voix, mot%d.\",\"date\":\"2020-09-14\"}\n",
                   id, id, v, id, i, i % 97
        }
    }' >"$1"
}
# distinct_ids FILE [LINES]: the sorted distinct ids of the first LINES lines.
distinct_ids() {
    head -n "${2:-999999999}" "$1" | sed 's/^{"id":"\([^"]*\)".*/\1/' | sort -u
}
