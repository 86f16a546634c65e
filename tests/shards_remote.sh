#!/usr/bin/env bash
# shards_remote.sh FRANA TEST_SHARDS — shards and Xapian's remote backend on
# the bundled corpora (tests/data/corpus_fr.jsonl, corpus_flores100.jsonl):
#  - frana index --shards 2 writes two shards and a stub; re-importing replaces
#    in place; another number of shards is refused; Xapian's tools open the stub;
#  - the same hit counts and top 10 (ties aside) from one database, the stub of
#    local shards and two xapian-tcpsrv on 127.0.0.1 serving the shards
#    (test_shards.c), over the queries of tests/data/shard_queries.txt and every
#    word of the corpora's titles;
#  - frana search and stats with --stub / --allow-remote; a stub's remote line
#    is refused without --allow-remote, a program line without
#    --allow-programs (the program does not run), and runs xapian-progsrv with it;
#  - a remote reader shows the revision its match read, though its worker
#    connections open after a commit that changes no statistic (test_shards
#    --stale); a server that goes away is named, and the reader searches again
#    once it is back (test_shards --down);
#  - frana stats names a shard it cannot reach.
# The servers listen on 127.0.0.1 only, on free ports, and are killed at exit.
set -u
FRANA=$1
TEST_SHARDS=$2
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
DATA=data
cat "$DATA/corpus_fr.jsonl" "$DATA/corpus_flores100.jsonl" >"$TMP/all.jsonl"
n_all=$(wc -l <"$TMP/all.jsonl")

out=$("$FRANA" index --db "$TMP/one" "$TMP/all.jsonl" 2>&1)
check "one database: $out" contains "$out" "indexed $n_all articles"
out=$("$FRANA" index --shards 2 --db "$TMP/sh" "$TMP/all.jsonl" 2>&1)
check "two shards: $out" contains "$out" "indexed $n_all articles (0 replaced"
a0=$(articles "$TMP/sh/shard0")
a1=$(articles "$TMP/sh/shard1")
check "both shards hold articles ($a0 + $a1)" test "${a0:-0}" -gt 0 -a "${a1:-0}" -gt 0
check "the shards hold every article once ($a0 + $a1 = $n_all)" test $((a0 + a1)) -eq "$n_all"
check "the summary says what each shard holds: $out" contains "$out" "shard1: $a1 articles committed, $a1 in the shard"
out=$("$FRANA" index --shards 2 --db "$TMP/sh" "$TMP/all.jsonl" 2>&1)
check "re-import: every article replaced in its shard: $out" contains "$out" "($n_all replaced"
check "re-import: the shards hold the same articles" test "$(articles "$TMP/sh/shard0")" = "$a0"
out=$("$FRANA" index --shards 3 --db "$TMP/sh" "$TMP/all.jsonl" 2>&1)
rc=$?
check "another number of shards is refused ($rc): $out" test $rc -ne 0
check "another number of shards: says why" contains "$out" "not the 3 shards asked"
out=$("$FRANA" index --db "$TMP/sh" "$TMP/all.jsonl" 2>&1)
rc=$?
check "a sharded folder without --shards is refused ($rc): $out" test $rc -ne 0
check "refused: says to use --shards" contains "$out" "index with --shards N"
check "refused: the shards are unchanged" test "$(articles "$TMP/sh/shard0")" = "$a0"
out=$("$FRANA" index --shards 2 --db "$TMP/one" "$TMP/all.jsonl" 2>&1)
rc=$?
check "shards into a single database are refused ($rc): $out" test $rc -ne 0
out=$("$FRANA" stats --stub "$TMP/sh" --json 2>&1)
check "frana stats --stub --json sums the shards: $out" contains "$out" "\"articles\":$n_all,"
check "frana stats --stub --json: distinct terms of the whole" contains "$out" '"distinct_terms":'
check "Xapian's tools open the stub: xapian-delve" contains "$(xapian-delve "$TMP/sh" 2>&1)" "number of documents = $n_all"
for s in 0 1; do
    check "xapian-check shard$s" xapian-check "$TMP/sh/shard$s" >/dev/null 2>&1
done

# ---- the queries --------------------------------------------------------------------------
Q="$TMP/queries.txt"
cp "$DATA/shard_queries.txt" "$Q"
sed -n 's/.*"title": *"\([^"]*\)".*/\1/p' "$TMP/all.jsonl" |
    sed 's/[[:space:][:punct:]«»’]\+/\n/g' | awk 'length($0) > 2' | sort -u >>"$Q"

# ---- two xapian-tcpsrv on 127.0.0.1 -------------------------------------------------------
# Each server runs in a process group of its own (setsid): on SIGTERM,
# xapian-tcpsrv signals its whole group, which would otherwise be this test's.
# At exit each group is killed, the connection processes it forked included.
SERVERS=()
stop_servers() {
    for p in "${SERVERS[@]}"; do kill -9 -- "-$p" 2>/dev/null; done
    cleanup
}
trap stop_servers EXIT
# start_server DB: starts xapian-tcpsrv on a free loopback port; sets PORT.
start_server() {
    local db=$1 try p pid
    for try in $(seq 1 40); do
        p=$((20000 + (RANDOM * 7 + try * 131) % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue # taken
        setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p" "$db" >/dev/null 2>&1 &
        pid=$!
        disown "$pid" # killed at exit, without a job notice
        SERVERS+=("$pid")
        for _ in $(seq 1 50); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
                PORT=$p
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break # could not listen there
            sleep 0.1
        done
        kill -9 -- "-$pid" 2>/dev/null
    done
    return 1
}
PORT=
start_server "$TMP/sh/shard0"
p0=$PORT
PORT=
start_server "$TMP/sh/shard1"
p1=$PORT
check "two servers listen on 127.0.0.1 (${p0:-none}, ${p1:-none})" test -n "$p0" -a -n "$p1"
printf '# two shards behind xapian-tcpsrv\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p0" "$p1" >"$TMP/remote.stub"

out=$("$TEST_SHARDS" "$Q" "$TMP/one" "$TMP/sh" "$TMP/remote.stub" 2>&1)
rc=$?
echo "$out" | tail -3
check "one database, local shards and remote shards answer alike ($rc)" test $rc -eq 0

# ---- the command line ----------------------------------------------------------------------
one=$("$FRANA" search --db "$TMP/one" --batch "$Q" 2>/dev/null | cut -f2,3)
loc=$("$FRANA" search --stub "$TMP/sh" --batch "$Q" 2>/dev/null | cut -f2,3)
rem=$("$FRANA" search --stub "$TMP/remote.stub" --allow-remote --batch "$Q" 2>/dev/null | cut -f2,3)
check "frana search --batch: totals found: $(echo "$one" | head -1)" contains "$one" "$(printf 'election\t')"
check "frana search --stub: the same totals as one database" test "$one" = "$loc"
check "frana search --stub --allow-remote: the same totals" test "$one" = "$rem"
out=$("$FRANA" search --stub "$TMP/remote.stub" election 2>&1)
rc=$?
check "a remote stub without --allow-remote is refused ($rc): $out" test $rc -ne 0
check "refused: says how to allow it" contains "$out" "--allow-remote"
out=$("$FRANA" stats --stub "$TMP/remote.stub" --allow-remote 2>&1)
check "frana stats over the servers sums the shards: $out" contains "$out" "total                  $(printf '%10s' "$n_all") articles"

# a program line: refused unless allowed, and then it runs (xapian-progsrv)
printf 'remote :/bin/touch %s/PWNED\n' "$TMP" >"$TMP/prog.stub"
out=$("$FRANA" search --stub "$TMP/prog.stub" --allow-remote election 2>&1)
rc=$?
check "a program line without --allow-programs is refused ($rc): $out" test $rc -ne 0
check "refused: names the line" contains "$out" "prog.stub:1: names a program to run"
check "the program did not run" test ! -e "$TMP/PWNED"
# a local line opens a glass database, never a nested stub (which could run a program)
printf '# nested\nauto prog.stub\nglass %s/sh/shard1\n' "$TMP" >"$TMP/nested.stub"
out=$("$FRANA" search --stub "$TMP/nested.stub" --allow-remote election 2>&1)
rc=$?
check "a local line naming a stub is not followed ($rc): $out" test $rc -ne 0
check "the nested stub's program did not run" test ! -e "$TMP/PWNED"
printf 'remote 127.0.0.1:99999\n' >"$TMP/port.stub"
out=$("$FRANA" search --stub "$TMP/port.stub" --allow-remote election 2>&1)
check "a bad port is named: $out" contains "$out" "port.stub:1: remote wants HOST:PORT"
printf 'glass sh/shard1\n' >"$TMP/relative.stub"
out=$("$FRANA" search --stub "$TMP/relative.stub" --batch - <<<"election" 2>&1)
check "a relative path is taken from the stub's folder: $out" contains "$out" "$(printf 'election\t')"
printf 'remote :xapian-progsrv %s\n' "$TMP/sh/shard0" >"$TMP/progsrv.stub"
out=$("$FRANA" search --stub "$TMP/progsrv.stub" --allow-programs --json election 2>&1)
check "--allow-programs runs xapian-progsrv: ${out:0:80}" contains "$out" '"total":'
check "--allow-programs: a shard's articles found" contains "$out" '"rank":1'

# stop_server I: kills server I (its connections too) and waits until its port is closed.
stop_server() {
    kill -9 -- "-${SERVERS[$1]}" 2>/dev/null
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null || break
        sleep 0.1
    done
}

# coproc_end FD PID MESSAGE: reads what is left of a test_shards coprocess,
# waits for it and checks that it passed.
coproc_end() {
    local out rc
    out=$(cat <&"$1")
    wait "$2"
    rc=$?
    echo "$out" | tail -1
    check "$3 ($rc): $out" test $rc -eq 0
}

# a reader reads the revision it opened, though its worker connections open
# later: every article re-imported with another url (no statistic changes)
coproc STALE { "$TEST_SHARDS" --stale "$TMP/remote.stub" election 2>&1; }
stale_pid=$STALE_PID
exec {stale_in}<&"${STALE[0]}" {stale_out}>&"${STALE[1]}"
PIDS+=("$stale_pid")
l=
read -r -t 60 l <&"$stale_in"
check "--stale: the reader opened (${l:-nothing})" test "$l" = opened
sed 's#"url": "https://#"url": "https://stale.#' "$TMP/all.jsonl" >"$TMP/stale.jsonl"
out=$("$FRANA" index --shards 2 --db "$TMP/sh" "$TMP/stale.jsonl" 2>&1)
check "--stale: every article re-imported: $out" contains "$out" "indexed $n_all articles ($n_all replaced"
echo go >&"$stale_out"
coproc_end "$stale_in" "$stale_pid" \
    "--stale: the hits show the match's revision, and the newer one after a reopen"

# a server that goes away while a reader searches, and comes back on its port
coproc DOWN { "$TEST_SHARDS" --down "$TMP/remote.stub" "127.0.0.1:$p1" election 2>&1; }
down_pid=$DOWN_PID # bash unsets DOWN_PID once the coprocess ends
exec {down_in}<&"${DOWN[0]}" {down_out}>&"${DOWN[1]}"
PIDS+=("$down_pid")
l=
read -r -t 60 l <&"$down_in"
check "--down: the first search ran (${l:-nothing})" test "$l" = searched
# xapian-tcpsrv forks a process per connection
conns=$(pgrep -c -P "${SERVERS[1]}")
check "the reader reads hits through several connections to a server ($conns)" test "$conns" -gt 1
stop_server 1 "$p1"
echo go >&"$down_out"
l=
read -r -t 60 l <&"$down_in"
check "--down: the search with the server gone ended (${l:-nothing})" test "$l" = failed
# back with a short idle timeout: the server closes connections left unused for 0.5 s
setsid xapian-tcpsrv --quiet --idle-timeout 500 --interface 127.0.0.1 --port "$p1" "$TMP/sh/shard1" >/dev/null 2>&1 &
SERVERS[1]=$!
disown "${SERVERS[1]}"
for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p1") 2>/dev/null && break
    sleep 0.1
done
echo go >&"$down_out"
l=
read -r -t 60 l <&"$down_in"
check "--down: the search with the server back ended (${l:-nothing})" test "$l" = back
sleep 1.5 # past the server's idle timeout
echo go >&"$down_out"
coproc_end "$down_in" "$down_pid" \
    "--down: a server gone names its shard, the reader searches again once it is back, and after the server closed its idle connections"

# a shard that cannot be reached
stop_server 1 "$p1"
out=$("$FRANA" stats --stub "$TMP/remote.stub" --allow-remote 2>&1)
rc=$?
check "stats with a server down exits 1 ($rc)" test $rc -eq 1
check "stats names the shard it cannot reach: $out" contains "$out" "127.0.0.1:$p1: cannot reach it"
check "stats still counts the other: $out" contains "$out" "unreachable     1 of 2 databases"
report
