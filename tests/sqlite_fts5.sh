#!/usr/bin/env bash
# sqlite_fts5.sh SQLITE3 FRANA EXTENSION — the FTS5 tokenizer "frana" in the
# sqlite3 shell, next to `frana search`. Run from tests/ (ctest does).
#
# The bundled corpus (data/corpus_fr.jsonl: French, English, German and
# Russian articles) is indexed twice from the same file: by `frana index`
# into Xapian, and by the shell into FTS5 tables, one per language
# (tokenize = 'frana lang XX'), loaded with SQLite's JSON functions. Each of
# the README's demo queries, and more names across scripts, must find the
# same articles in both. Then: prefix queries, stopwords, phrases, options.
set -u
SQLITE3=${1:?usage: sqlite_fts5.sh SQLITE3 FRANA EXTENSION}
FRANA=${2:?}
EXT=${3:?}
EXT=${EXT%.so}
. "$(dirname "$0")/lib.sh"
# The shell, with the sanitizers' runtime preloaded when the extension is
# instrumented (FRANA_HOST_PRELOAD, set by ctest in sanitizer builds).
shell() {
    if [ -n "${FRANA_HOST_PRELOAD:-}" ]; then
        LD_PRELOAD=$FRANA_HOST_PRELOAD "$SQLITE3" "$@"
    else
        "$SQLITE3" "$@"
    fi
}

"$FRANA" index --db "$TMP/xapian" data/corpus_fr.jsonl >"$TMP/index.out" 2>&1
check "frana index: exit 0 ($(cat "$TMP/index.out"))" test $? -eq 0

DB=$TMP/fts.db
sql() { shell -bail -batch -cmd ".load $EXT" "$DB" "$@"; }
sql >"$TMP/load.out" 2>&1 <<SQL
CREATE TABLE articles(id TEXT, lang TEXT, date TEXT, title TEXT, body TEXT);
WITH RECURSIVE split(line, rest) AS (
  SELECT NULL, CAST(readfile('data/corpus_fr.jsonl') AS TEXT)
  UNION ALL
  SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1)
  FROM split WHERE instr(rest, char(10)) > 0)
INSERT INTO articles
  SELECT line ->> 'id', line ->> 'lang', line ->> 'date', line ->> 'title', line ->> 'body'
  FROM split WHERE line <> '';
CREATE VIRTUAL TABLE news_fr USING fts5(title, body, tokenize = 'frana');
CREATE VIRTUAL TABLE news_en USING fts5(title, body, tokenize = 'frana lang en');
CREATE VIRTUAL TABLE news_de USING fts5(title, body, tokenize = 'frana lang de');
CREATE VIRTUAL TABLE news_ru USING fts5(title, body, tokenize = 'frana lang ru');
INSERT INTO news_fr(rowid, title, body) SELECT rowid, title, body FROM articles WHERE lang = 'fr';
INSERT INTO news_en(rowid, title, body) SELECT rowid, title, body FROM articles WHERE lang = 'en';
INSERT INTO news_de(rowid, title, body) SELECT rowid, title, body FROM articles WHERE lang = 'de';
INSERT INTO news_ru(rowid, title, body) SELECT rowid, title, body FROM articles WHERE lang = 'ru';
SELECT count(*) FROM articles;
SQL
check "load the corpus into FTS5: $(cat "$TMP/load.out")" test "$(cat "$TMP/load.out")" = 26

# subset A B: every id of the comma-joined list A is in B.
subset() {
    local id
    for id in ${1//,/ }; do [[ ",$2," == *",$id,"* ]] || return 1; done
}
# fts_ids QUERY: the ids FTS5 finds, in all four tables, sorted, comma-joined.
fts_ids() {
    local q=${1//\'/\'\'}
    sql "SELECT group_concat(id) FROM (SELECT id FROM articles WHERE rowid IN (
           SELECT rowid FROM news_fr('$q') UNION SELECT rowid FROM news_en('$q')
           UNION SELECT rowid FROM news_de('$q') UNION SELECT rowid FROM news_ru('$q'))
         ORDER BY id);" 2>&1
}
# frana_ids [--or] QUERY: the ids `frana search --json` finds, sorted, comma-joined.
frana_ids() {
    "$FRANA" search --db "$TMP/xapian" --json --limit 100 "$@" >"$TMP/search.json" 2>&1
    sql "SELECT group_concat(id) FROM (SELECT value ->> 'id' AS id
         FROM json_each(CAST(readfile('$TMP/search.json') AS TEXT), '\$.results') ORDER BY id);" 2>&1
}
# same FRANA_QUERY FTS5_QUERY [--or]: both find the same articles, and some.
same() {
    local f s
    f=$(frana_ids ${3:-} "$1")
    s=$(fts_ids "$2")
    check "frana search '$1' finds something ($f)" test -n "$f"
    check "'$2': FTS5 finds {$s}, frana search '$1' finds {$f}" test "$s" = "$f"
}
same election election                                 # accentless: l’élection
same "l'élection" "\"l'élection\""                     # elided, straight apostrophe
same "l’élection" "l’élection"                          # elided, typographic apostrophe
same '"election presidentielle"' '"election presidentielle"'
same "Lukashenko Sochi" "Lukashenko Sochi"             # English spelling
same Лукашенко Лукашенко                               # Cyrillic
same "Lukaschenko Sotschi" "Lukaschenko OR Sotschi" --or # German spelling
same title:poutine title:poutine
same Tikhanovskaya Tikhanovskaya
same Moscow Moscow
same Путина Путина
same '"Saint-Pétersbourg"' '"Saint-Pétersbourg"'
same Navalny Navalny
same USA USA
same "United Kingdom" "United Kingdom"
same elections elections
same universite universite

# chat / châtiment: Snowball stems "chatiment" to "chat", and the folded
# "châtiment" meets "chat"; frana search tells them apart by the index's
# vocabulary, which a tokenizer does not see: FTS5 finds both, for either.
check "chatiment: frana search finds fr-004 only" test "$(frana_ids chatiment)" = fr-004
check "chatiment: FTS5 finds fr-004 and fr-005" test "$(fts_ids chatiment)" = fr-004,fr-005
check "chat: FTS5 finds fr-004 and fr-005" test "$(fts_ids chat)" = fr-004,fr-005

# Prefixes, accents or not: élection, électoral, élections.
check "elect* finds fr-001" contains ",$(fts_ids 'elect*')," ",fr-001,"
check "elect* = élect*" test "$(fts_ids 'elect*')" = "$(fts_ids 'élect*')"
check "elect* finds what election finds" subset "$(fts_ids election)" "$(fts_ids 'elect*')"
check "Loukach* finds fr-002" contains ",$(fts_ids 'Loukach*')," ",fr-002,"
check "\"election pres\"* finds fr-001" test "$(fts_ids '"election pres"*')" = fr-001
check "zzzq* finds nothing" test -z "$(fts_ids 'zzzq*')"

# Stopwords: alone they match nothing; in an AND they are left out; in a
# phrase they keep their place (and so does the elided article).
check "le président = président" test "$(fts_ids 'le président')" = "$(fts_ids président)"
check "président finds something" test -n "$(fts_ids président)"
check "le: nothing" test -z "$(fts_ids le)"
check "\"l’\": nothing" test -z "$(fts_ids '"l’"')"
same '"de la"' '"de la"'                               # a phrase of stopwords is searched
same '"résultats de l’élection"' '"résultats de l’élection"'
check "phrase with stopwords and elision finds fr-001" \
    test "$(fts_ids '"les résultats de l’élection présidentielle"')" = fr-001
check "the elided article keeps its place" test -z "$(fts_ids '"résultats de élection"')"
check "frana search agrees" test -z "$(frana_ids '"résultats de élection"')"
check "the stopword keeps its place" test -z "$(fts_ids '"résultats l’élection"')"
check "frana search agrees" test -z "$(frana_ids '"résultats l’élection"')"

# Options: the language of the table decides the stems (English stems for
# the English article), names 0 drops the name keys.
out=$(sql "CREATE VIRTUAL TABLE o1 USING fts5(b, tokenize = 'frana names 0');
           INSERT INTO o1 VALUES ('Alexandre Loukachenko à Sotchi');
           SELECT (SELECT count(*) FROM o1('Loukachenko')), (SELECT count(*) FROM o1('Lukashenko'));" 2>&1)
check "names 0: Loukachenko found, Lukashenko not ($out)" test "$out" = "1|0"
out=$(sql "CREATE VIRTUAL TABLE o2 USING fts5(b, tokenize = 'frana');
           INSERT INTO o2 VALUES ('Alexandre Loukachenko à Sotchi');
           SELECT (SELECT count(*) FROM o2('Loukachenko')), (SELECT count(*) FROM o2('Lukashenko'));" 2>&1)
check "names 1: both found ($out)" test "$out" = "1|1"
out=$(sql "CREATE VIRTUAL TABLE o4 USING fts5(b, tokenize = 'frana query_names capitalized');
           INSERT INTO o4 VALUES ('Alexandre Loukachenko à Sotchi');
           SELECT (SELECT count(*) FROM o4('Lukashenko')), (SELECT count(*) FROM o4('Лукашенко')),
                  (SELECT count(*) FROM o4('lukashenko')), (SELECT count(*) FROM o4('лукашенко')),
                  (SELECT count(*) FROM o2('lukashenko')), (SELECT count(*) FROM o2('лукашенко'));" 2>&1)
check "query_names capitalized: only capitalized names meet ($out)" test "$out" = "1|1|0|0|1|1"
out=$(sql "CREATE VIRTUAL TABLE o3 USING fts5(b, tokenize = 'frana fold 0 stem 0');
           INSERT INTO o3 VALUES ('les élections');
           SELECT (SELECT count(*) FROM o3('élections')), (SELECT count(*) FROM o3('élection'));" 2>&1)
check "stem 0: élections found, élection not ($out)" test "$out" = "1|0"

# Bad options: an error at CREATE, and the log names the option.
for spec in "frana colour blue:unknown option 'colour'" "frana names 2:option 'names' takes 0 or 1, not '2'" \
    "frana lang french:option 'lang': 'french' is not a language code" "frana lang:option 'lang' needs a value" \
    "frana query_names some:option 'query_names' takes all or capitalized, not 'some'" \
    "frana stopwords ''/nonexistent/stop.txt'':/nonexistent/stop.txt"; do
    tok=${spec%%:*}
    want=${spec#*:}
    out=$(shell -batch -cmd ".log stderr" -cmd ".load $EXT" :memory: \
        "CREATE VIRTUAL TABLE bad USING fts5(b, tokenize = '$tok');" 2>&1)
    rc=$?
    check "'$tok': CREATE fails (exit $rc)" test $rc -ne 0
    check "'$tok': error in the output ($out)" contains "$out" "error in tokenizer constructor"
    check "'$tok': the log names it ($out)" contains "$out" "$want"
    out=$(sql "SELECT frana_tokenizer_check('${tok#frana}');" 2>&1)
    check "frana_tokenizer_check('${tok#frana}') names it ($out)" contains "$out" "$want"
done
out=$(sql "SELECT frana_tokenizer_check('lang en names 0 stem 1 fold 1 keep_stopwords 1') IS NULL,
                  frana_tokenizer_check('lang pt-BR query_lang any query_names capitalized') IS NULL;" 2>&1)
check "frana_tokenizer_check: valid options give NULL ($out)" test "$out" = "1|1"
report
