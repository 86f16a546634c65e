#!/usr/bin/env bash
# install_tree.sh BUILD_DIR: installs frana into a temporary prefix, then builds
# and runs programs against the installed tree only, as a user of the packages:
#  - a C program built with `pkg-config --cflags --libs frana` analyzes text;
#  - a C++ program found with find_package(frana) indexes 100 articles into its
#    own database with its own prefixes through frana_xapian.hpp and searches
#    them: the same top 10 ids as `frana search` (the installed command);
#  - a Python script (python3-xapian and the installed frana module) indexes
#    and searches the bundled corpus: the same top 10 ids as `frana search`.
set -u
. "$(dirname "$0")/lib.sh"
build=$1
here=$(cd "$(dirname "$0")" && pwd)
prefix=$TMP/prefix
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

check "cmake --install" cmake --install "$build" --prefix "$prefix" >"$TMP/install.log" 2>&1 ||
    cat "$TMP/install.log"
libdir=$(ls -d "$prefix"/lib*/pkgconfig 2>/dev/null | head -n 1)
libdir=${libdir%/pkgconfig}
for f in bin/frana include/frana.h include/frana_db.h include/frana_plugin.h \
         include/frana_xapian.hpp share/man/man1/frana.1 share/doc/frana/LICENSE; do
    check "installed $f" test -e "$prefix/$f"
done
check "installed libfrana.so.0" test -e "$libdir/libfrana.so.0"
check "installed libfrana-xapian.so.0" test -e "$libdir/libfrana-xapian.so.0"
check "installed the CMake package" test -e "$libdir/cmake/frana/franaConfig.cmake"
check "installed the Python module" test -e "$prefix/lib/python3/dist-packages/frana/__init__.py"
export PKG_CONFIG_PATH=$libdir/pkgconfig
req=$(pkg-config --print-requires frana-xapian)
check "frana-xapian.pc requires xapian-core (got: $req)" contains "$req" xapian-core
check "frana.pc does not require Xapian" lacks "$(pkg-config --print-requires frana)" xapian
frana=$prefix/bin/frana

# C, through pkg-config.
cc -o "$TMP/analyze" "$here/install/analyze.c" $(pkg-config --cflags --libs frana) \
    -Wl,-rpath,"$libdir" 2>"$TMP/cc.log"
check "C program builds with pkg-config frana" test -x "$TMP/analyze" || cat "$TMP/cc.log"
out=$("$TMP/analyze" "L’élection de Loukachenko à Minsk" 2>&1)
check "C program analyzes (got: $out)" contains "$out" "election Zélect"
check "C program gets name keys" contains "$out" "XNlukaxenk"

# The installed frana command over the same corpora, for the reference ids.
queries=(election "l'élection" '"election presidentielle"' chatiment chat "Lukashenko Sochi"
         Лукашенко "Lukaschenko Sotschi" "title:poutine" "Minsk OR Moscou" "manifestants -police")
ref_ids() { # ref_ids DB QUERY: the top 10 ids of frana search
    "$frana" search --db "$1" --json --limit 10 "$2" |
        $PY -c 'import json,sys; print(",".join(h["id"] for h in json.load(sys.stdin)["results"]))'
}
compare() { # compare WHAT DB OUTPUT: each line "query<TAB>ids" against frana search
    local what=$1 db=$2 out=$3 n=0 q ids
    while IFS=$'\t' read -r q ids; do
        n=$((n + 1))
        check "$what: '$q' gives the same top 10 as frana search ($ids)" \
            test "$ids" = "$(ref_ids "$db" "$q")"
    done <"$out"
    check "$what answered every query ($n)" test "$n" -eq "${#queries[@]}"
}

# C++, through find_package(frana), 100 articles, its own prefixes.
fl=$here/data/corpus_flores100.jsonl
"$frana" index --db "$TMP/ref100" "$fl" >/dev/null
fq=(maladie chercheurs "l'université" Canada "diabete de type 1" "avion OR aéroport" equipe "ouragan OR tempete" Etats-Unis
    "joueurs -football" '"premier ministre"' 'title:tempête' 'président' 'elections')
cmake -S "$here/install/cxx" -B "$TMP/cxx" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_RPATH="$libdir" >"$TMP/cxx.log" 2>&1 &&
    cmake --build "$TMP/cxx" >>"$TMP/cxx.log" 2>&1
check "C++ program builds with find_package(frana)" test -x "$TMP/cxx/index_search" ||
    tail -n 30 "$TMP/cxx.log"
if [ -x "$TMP/cxx/index_search" ]; then
    "$TMP/cxx/index_search" "$TMP/own100" "$fl" "${fq[@]}" >"$TMP/cxx.out" 2>"$TMP/cxx.err"
    check "C++ program runs ($(cat "$TMP/cxx.err"))" grep -q "indexed 100 articles" "$TMP/cxx.err"
    queries=("${fq[@]}")
    check "C++ program found something" grep -q 'flores-' "$TMP/cxx.out"
    compare "C++" "$TMP/ref100" "$TMP/cxx.out"
fi

# Python, over the bundled corpus.
queries=(election "l'élection" '"election presidentielle"' chatiment chat "Lukashenko Sochi"
         Лукашенко "Lukaschenko Sotschi" "title:poutine" "Minsk OR Moscou" "manifestants -police")
"$frana" index --db "$TMP/ref" "$here/data/corpus_fr.jsonl" >/dev/null
PYTHONPATH=$prefix/lib/python3/dist-packages $PY "$here/install/search.py" "$TMP/py" \
    "$here/data/corpus_fr.jsonl" "${queries[@]}" >"$TMP/py.out" 2>"$TMP/py.err"
check "Python script runs ($(tail -n 3 "$TMP/py.err"))" grep -q "indexed 26 articles" "$TMP/py.err"
check "Python found something" grep -q 'fr-' "$TMP/py.out"
compare "Python" "$TMP/ref" "$TMP/py.out"
report
