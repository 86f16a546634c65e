-- The frana extension, statement by statement; tests/pg/frana.out is the
-- expected output (psql -a, run by tests/pg/extension.sh).
CREATE EXTENSION frana;
SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'frana%' ORDER BY cfgname;

-- The parser: frana's tokens with their byte offsets, the text between them
-- as blank, a hyphenated word whole and in parts, elision, numbers.
SELECT alias, token, dictionaries, lexemes
FROM ts_debug('frana_fr', 'L’élection à Saint-Pétersbourg : 100 000 voix, 3,5 %, le 2020-09-14.');
SELECT * FROM ts_token_type('frana');

-- The document side: every term of a word at the word's position; stopwords
-- and elided articles keep their position but give no lexeme.
SELECT to_tsvector('frana_fr', 'L’élection présidentielle de Loukachenko');
-- The query side: each word's alternatives ORed, words joined by the function's operator.
SELECT plainto_tsquery('frana_fr', 'l''election presidentielle');
SELECT websearch_to_tsquery('frana_fr', 'Lukashenko Sochi');
SELECT websearch_to_tsquery('frana_fr', '"Saint-Pétersbourg" -Moscou or Minsk');
SELECT phraseto_tsquery('frana_fr', 'président de la République');
SELECT to_tsquery('frana_fr', 'Saint-Pétersbourg & !Moscow');
SELECT plainto_tsquery('frana_fr', 'de la');

-- Matches across accents, elision, scripts and spellings.
SELECT q, to_tsvector('frana_fr', 'Alexandre Loukachenko est arrivé à Sotchi ; l’élection présidentielle.')
          @@ websearch_to_tsquery('frana_fr', q) AS matches
FROM unnest(ARRAY['Lukashenko Sochi', 'Лукашенко', 'Lukaschenko Sotschi', 'election presidentielle',
                  '"election presidentielle"', '"presidentielle election"', 'ELECTIONS',
                  'Lukashenko Minsk']) AS q;

-- Headlines: the matching words, by frana's offsets.
SELECT ts_headline('frana_fr',
    'Des manifestants ont contesté l’élection présidentielle à Saint-Pétersbourg et à Minsk.',
    websearch_to_tsquery('frana_fr', 'election petersbourg'));
SELECT ts_headline('frana_fr',
    'Alexandre Loukachenko est arrivé à Sotchi pour rencontrer Vladimir Poutine.',
    websearch_to_tsquery('frana_fr', 'Lukashenko Sochi Путина'));
SELECT ts_headline('frana_fr', 'Le président de la République a parlé.',
    phraseto_tsquery('frana_fr', 'president de la republique'), 'StartSel=[, StopSel=]');

-- Other languages: their own stemmer.
SELECT to_tsvector('frana_en', 'Belarusian elections'), to_tsvector('frana_de', 'Wahlen in Weißrussland');

-- The templates: frana picks its side, frana_index and frana_query keep theirs.
SELECT ts_lexize('frana_fr', 'élection'), ts_lexize('frana_fr', 'l''élection');
CREATE TEXT SEARCH DICTIONARY fr_query (TEMPLATE = frana_query, lang = fr);
CREATE TEXT SEARCH DICTIONARY fr_index (TEMPLATE = frana_index, lang = fr);
CREATE TEXT SEARCH DICTIONARY fr_nonames (TEMPLATE = frana, lang = fr, names = false);
SELECT ts_lexize('fr_query', 'elections'), ts_lexize('fr_index', 'élections'),
       ts_lexize('fr_nonames', 'Loukachenko');
CREATE TEXT SEARCH CONFIGURATION fr_q (PARSER = frana);
ALTER TEXT SEARCH CONFIGURATION fr_q ADD MAPPING FOR asciiword, word, hword_part, hword_asciipart WITH fr_query;
SELECT to_tsvector('fr_q', 'Sochi'), plainto_tsquery('fr_q', 'Sochi') = websearch_to_tsquery('frana_fr', 'Sochi') AS same;

-- Unknown options are errors that name them.
\set ON_ERROR_STOP 0
CREATE TEXT SEARCH DICTIONARY bad1 (TEMPLATE = frana, colour = 'blue');
CREATE TEXT SEARCH DICTIONARY bad2 (TEMPLATE = frana, lang = 'xx');
CREATE TEXT SEARCH DICTIONARY bad3 (TEMPLATE = frana, mode = 'both');
CREATE TEXT SEARCH DICTIONARY bad4 (TEMPLATE = frana_query, mode = 'index');
-- Invalid UTF-8 never reaches frana: PostgreSQL refuses it first.
SELECT to_tsvector('frana_fr', convert_from('\x4d696e736bff'::bytea, 'UTF8'));
SELECT to_tsvector('frana_fr', E'Minsk\xff');
\set ON_ERROR_STOP 1
-- NUL bytes cannot be in a text either; control characters separate words.
SELECT to_tsvector('frana_fr', E'Minsk\x01Moscou');
