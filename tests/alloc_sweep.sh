#!/usr/bin/env bash
# alloc_sweep.sh FRANA DB_CHECK FAILMALLOC [POINTS] — the allocation-failure sweep.
#
# Runs frana analyze, index (one writer, and a new database in 2 segments) and search over the bundled corpus
# (tests/data/sample_fr.txt, corpus_fr.jsonl, corpus_txt/) with
# tests/failmalloc.c preloaded: first once clean, counting the allocations,
# then once per failure point, each run making one allocation fail (the
# first, then every Nth, N chosen so that each command gets about POINTS
# runs, default 40; the last allocation too). Each run must either exit
# non-zero with a message on stderr, or give exactly the clean run's result:
# the same output (analyze, search), the same database (index: every
# document's data, terms, positions and values, the synonym table and the
# metadata, as db_check --dump prints them). A run killed by a signal fails.
# After an index run that failed, xapian-check must find no error in what it
# left, and no run may leave a temporary folder beside the database. Prints how many failure points each command covered.
set -u
FRANA=${1:?usage: alloc_sweep.sh FRANA DB_CHECK FAILMALLOC [POINTS]}
DB_CHECK=${2:?usage: alloc_sweep.sh FRANA DB_CHECK FAILMALLOC [POINTS]}
FAILMALLOC=${3:?usage: alloc_sweep.sh FRANA DB_CHECK FAILMALLOC [POINTS]}
POINTS=${4:-40}
FRANA=$(realpath "$FRANA") DB_CHECK=$(realpath "$DB_CHECK") FAILMALLOC=$(realpath "$FAILMALLOC")
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")"

printf '%s\n' "l’élection présidentielle" minsk "chat -chien" 'title:"Saint-Pétersbourg"' \
    universites Moscow "date:2020-01-01.. election" "Loukachenko OR Lukashenko" \
    "(poutine AND sotchi) OR \"Afrique du Sud\"" >"$TMP/queries"
"$FRANA" index --db "$TMP/searchdb" --batch 10 data/corpus_fr.jsonl data/corpus_txt >/dev/null
check "the search database is built" test -e "$TMP/searchdb/iamglass"

# run NAME K: runs command NAME with allocation K failing (0: none);
# sets rc, and leaves stdout in $TMP/out, stderr in $TMP/err, and for index
# the database's dump in $TMP/dump.
run() {
    local name=$1 k=$2
    rm -rf "$TMP/db"
    case $name in
    analyze)
        FAILMALLOC_AT=$k LD_PRELOAD=$FAILMALLOC "$FRANA" analyze --mode index <data/sample_fr.txt ;;
    analyze-json)
        FAILMALLOC_AT=$k LD_PRELOAD=$FAILMALLOC "$FRANA" analyze --mode query --json \
            "L’université de Minsk" "Moscow" "États-Unis" "Loukachenko" ;;
    index)
        FAILMALLOC_AT=$k LD_PRELOAD=$FAILMALLOC "$FRANA" index --db "$TMP/db" --batch 10 \
            data/corpus_fr.jsonl data/corpus_txt ;;
    index-segments)
        FAILMALLOC_AT=$k LD_PRELOAD=$FAILMALLOC "$FRANA" index --db "$TMP/db" --segments 2 \
            --batch 10 data/corpus_fr.jsonl data/corpus_txt ;;
    search)
        FAILMALLOC_AT=$k LD_PRELOAD=$FAILMALLOC "$FRANA" search --db "$TMP/searchdb" --limit 5 \
            --batch "$TMP/queries" ;;
    esac >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ "${name%-segments}" = index ]; then
        sed -i 's/ in [0-9.]* s$//' "$TMP/out"
        if [ -e "$TMP/db/iamglass" ]; then
            "$DB_CHECK" "$TMP/db" --dump >"$TMP/dump" 2>&1
        else
            echo "no database" >"$TMP/dump"
        fi
    fi
}

total_points=0
# SWEEP_COMMANDS: the commands to sweep (all by default).
for name in ${SWEEP_COMMANDS:-analyze analyze-json index index-segments search}; do
    export FAILMALLOC_COUNT=$TMP/count
    run $name 0
    unset FAILMALLOC_COUNT
    check "$name: the clean run succeeds ($rc): $(head -c 300 "$TMP/err")" test $rc -eq 0
    cp "$TMP/out" "$TMP/clean.out"
    [ "${name%-segments}" = index ] && cp "$TMP/dump" "$TMP/clean.dump"
    allocs=$(cat "$TMP/count" 2>/dev/null)
    check "$name: the failer counted the allocations (${allocs:-none})" test "${allocs:-0}" -gt 0
    [ "${allocs:-0}" -gt 0 ] || continue
    step=$((allocs / POINTS))
    [ $step -ge 1 ] || step=1
    points=0 failed_runs=0 same=0 bad=0
    for ((k = 1; k <= allocs; k += step)); do
        # The last allocation is tried too.
        [ $((k + step)) -gt "$allocs" ] && [ $k -lt "$allocs" ] && k=$allocs
        run $name $k
        points=$((points + 1))
        why=""
        left=$(ls -A "$TMP" | grep -E '^\.db\.(segments|merge)-')
        if [ -n "$left" ]; then
            why="left a temporary folder beside the database: $left"
            rm -rf "$TMP/$left"
        elif [ $rc -ge 128 ]; then
            why="killed by signal $((rc - 128))"
        elif [ $rc -ne 0 ]; then
            if [ ! -s "$TMP/err" ]; then
                why="exit $rc without a message"
            elif [ "${name%-segments}" = index ] && [ -e "$TMP/db/iamglass" ] && ! xcheck "$TMP/db"; then
                why="exit $rc and xapian-check finds errors"
            else
                failed_runs=$((failed_runs + 1))
            fi
        elif ! cmp -s "$TMP/out" "$TMP/clean.out"; then
            why="exit 0, output differs: $(diff "$TMP/clean.out" "$TMP/out" | head -n 4)"
        elif [ "${name%-segments}" = index ] && ! cmp -s "$TMP/dump" "$TMP/clean.dump"; then
            why="exit 0, database differs: $(diff "$TMP/clean.dump" "$TMP/dump" | head -n 6)"
        else
            same=$((same + 1))
        fi
        if [ -n "$why" ]; then
            bad=$((bad + 1))
            check "$name, allocation $k failing: $why; stderr: $(head -c 300 "$TMP/err")" false
        fi
    done
    check "$name: $points failure points, none misbehaved ($bad)" test $bad -eq 0
    echo "$name: $allocs allocations, $points failure points (every ${step}th): $failed_runs failed with a message, $same gave the clean result, $bad misbehaved"
    total_points=$((total_points + points))
done
echo "allocation-failure sweep: $total_points failure points"
report
