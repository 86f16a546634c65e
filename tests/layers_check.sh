#!/usr/bin/env bash
# layers_check.sh: the include rules of plugin/ (cmake/check_layers.cmake) hold
# on the tree, and a planted forbidden include in a copy of it is refused,
# naming the file and the header.
set -u
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
run() { cmake -DROOT="$1" -P "$root/cmake/check_layers.cmake" >"$TMP/out" 2>&1; }
check "the tree keeps the rules ($(cat "$TMP/out" 2>/dev/null))" run "$root"
plant() { # plant FILE LINE: a copy of the tree with LINE added to FILE, refused
    rm -rf "$TMP/t" && mkdir -p "$TMP/t" && cp -r "$root/plugin" "$root/include" "$TMP/t/"
    printf '%s\n' "$2" >>"$TMP/t/plugin/$1"
    if run "$TMP/t"; then
        check "refused: $2 in plugin/$1" false
    else
        check "refused, named: $2 in plugin/$1 ($(tail -n 2 "$TMP/out"))" grep -q "plugin/$1" "$TMP/out"
    fi
}
plant analysis/chain.c '#include "frana_db.h"'
plant analysis/stem.c '#include <xapian.h>'
plant names/names.c '#include "analysis.h"'
plant names/names.c '#include <jansson.h>'
plant analysis/tokenize.c '#include "../query/query.h"'
plant query/query.c '#include "analysis.h"'
plant store/article.c '#include "plan.h"'
plant base/utf8.c '#include "frana_db.h"'
report
