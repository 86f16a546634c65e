-- frana--0.1.sql: frana's text search parser, dictionary templates and one
-- configuration per language (frana_fr, frana_en, ...).
\echo Use "CREATE EXTENSION frana" to load this file. \quit

CREATE FUNCTION frana_prs_start(internal, int4) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION frana_prs_nexttoken(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION frana_prs_end(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION frana_prs_lextype(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;

-- Token type numbers are the default parser's, so its headline function serves.
CREATE TEXT SEARCH PARSER frana (
    START = frana_prs_start,
    GETTOKEN = frana_prs_nexttoken,
    END = frana_prs_end,
    HEADLINE = pg_catalog.prsd_headline,
    LEXTYPES = frana_prs_lextype
);

CREATE FUNCTION frana_dict_init(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION frana_dict_index_init(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION frana_dict_query_init(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE FUNCTION frana_dict_lexize(internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT;

-- frana: the document side in to_tsvector and ts_headline, the query side in
-- to_tsquery, plainto_tsquery, phraseto_tsquery and websearch_to_tsquery.
CREATE TEXT SEARCH TEMPLATE frana (INIT = frana_dict_init, LEXIZE = frana_dict_lexize);
-- One side always.
CREATE TEXT SEARCH TEMPLATE frana_index (INIT = frana_dict_index_init, LEXIZE = frana_dict_lexize);
CREATE TEXT SEARCH TEMPLATE frana_query (INIT = frana_dict_query_init, LEXIZE = frana_dict_lexize);

DO $$
DECLARE
    l text;
BEGIN
    FOREACH l IN ARRAY ARRAY['fr', 'en', 'de', 'ru', 'es', 'it', 'pt', 'nl', 'sv', 'da',
                             'no', 'fi', 'hu', 'ro', 'tr', 'ca', 'pl', 'cs', 'uk', 'be']
    LOOP
        EXECUTE format('CREATE TEXT SEARCH DICTIONARY %I (TEMPLATE = frana, lang = %L)',
                       'frana_' || l, l);
        EXECUTE format('COMMENT ON TEXT SEARCH DICTIONARY %I IS %L', 'frana_' || l,
                       'frana analysis, lang ' || l);
        EXECUTE format('CREATE TEXT SEARCH CONFIGURATION %I (PARSER = frana)', 'frana_' || l);
        EXECUTE format('COMMENT ON TEXT SEARCH CONFIGURATION %I IS %L', 'frana_' || l,
                       'frana analysis, lang ' || l);
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %I ADD MAPPING FOR asciiword, word, '
                       'numword, hword_asciipart, hword_part, hword_numpart, float, uint, '
                       'date, elision WITH %I', 'frana_' || l, 'frana_' || l);
    END LOOP;
END
$$;
