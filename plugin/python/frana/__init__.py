"""frana for Python: French analysis, and frana's terms and queries for Xapian.

Over the C libraries with ctypes (libfrana: analysis; libfrana-xapian: the
database layout and the query builder of `frana search`)::

    import frana, xapian
    an = frana.Analyzer()
    for tok in an.analyze("L'élection de Tikhanovskaïa"):
        print(tok.pos, tok.surface, tok.terms)

    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OPEN)
    tg = frana.TermGenerator(an)            # like xapian.TermGenerator
    doc = xapian.Document()
    tg.set_document(doc)
    tg.index_text(title, prefix="S"); tg.increase_termpos(); tg.index_text(body)
    db.replace_document("Q" + id, doc)

    qp = frana.QueryParser(an, db)          # like xapian.QueryParser
    enquire = xapian.Enquire(db)
    enquire.set_query(qp.parse_query("Lukashenko Sochi"))

A query comes back from C as Xapian's serialised bytes and is rebuilt with
xapian.Query.unserialise, so it is exactly the query `frana search` runs.
Objects are not thread-safe: use one TermGenerator / QueryParser per thread.
Licence: GPL-2.0-or-later (it drives libxapian).
"""

import ctypes
import os

from . import _paths

__all__ = ["Analyzer", "Token", "TermGenerator", "QueryParser", "Error",
           "TERM_WORD", "TERM_STEM", "TERM_FOLDED", "TERM_NAME", "TERM_EXONYM",
           "TERM_NAME_PHRASE"]

TERM_WORD, TERM_STEM, TERM_FOLDED, TERM_NAME, TERM_EXONYM, TERM_NAME_PHRASE = range(6)
_STORE_POSTING, _STORE_COUNTED, _STORE_BOOLEAN = range(3)
_ERR_DB = -7


class Error(Exception):
    """A frana error: args[0] the message, .code the frana_error code."""

    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code


def _libdir():
    env = os.environ.get("FRANA_LIBDIR")
    if env:
        return env
    # <prefix>/<PYTHONDIR>/frana/__init__.py → <prefix>/<LIBDIR>
    here = os.path.dirname(os.path.abspath(__file__))
    prefix = os.path.normpath(os.path.join(here, "..", *([".."] * len(_paths.PYTHONDIR.split("/")))))
    return os.path.join(prefix, _paths.LIBDIR)


def _load(name):
    path = os.path.join(_libdir(), name)
    try:
        return ctypes.CDLL(path)
    except OSError:
        return ctypes.CDLL(name)  # the system's search path


_lib = _load("libfrana.so.0")
_libx = _load("libfrana-xapian.so.0")

_c_size = ctypes.c_size_t
_c_char_pp = ctypes.POINTER(ctypes.c_char_p)


class _Options(ctypes.Structure):
    _fields_ = [("size", _c_size), ("stopwords_path", ctypes.c_char_p), ("flags", ctypes.c_uint)]


class _Term(ctypes.Structure):
    _fields_ = [("text", ctypes.c_void_p), ("len", _c_size), ("kind", ctypes.c_int)]


class _Token(ctypes.Structure):
    _fields_ = [("pos", ctypes.c_uint32), ("start", _c_size), ("end", _c_size),
                ("surface", ctypes.c_void_p), ("surface_len", _c_size),
                ("terms", ctypes.POINTER(_Term)), ("nterms", _c_size), ("flags", ctypes.c_uint)]


class _QueryOptions(ctypes.Structure):
    _fields_ = [("size", _c_size), ("default_or", ctypes.c_int), ("lang", ctypes.c_char_p),
                ("body_prefix", ctypes.c_char_p), ("title_prefix", ctypes.c_char_p)]


_TOKEN_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_Token))
_STORE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, _c_size,
                             ctypes.c_uint32)
_TERMFREQ_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, _c_size,
                                ctypes.POINTER(ctypes.c_uint64))
_COOCCUR_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, _c_size,
                               ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(_c_size), _c_size,
                               ctypes.POINTER(ctypes.c_int))
_EXPAND_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _c_size)
_EXPAND_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, _c_size, _c_size,
                              ctypes.c_void_p, ctypes.c_void_p)


class _Vocab(ctypes.Structure):
    _fields_ = [("ctx", ctypes.c_void_p), ("termfreq", _TERMFREQ_FN), ("cooccur", _COOCCUR_FN),
                ("expand", _EXPAND_FN)]


def _sig(lib, name, res, *args):
    f = getattr(lib, name)
    f.restype = res
    f.argtypes = list(args)
    return f


_analyzer_new = _sig(_lib, "frana_analyzer_new", ctypes.c_int, ctypes.POINTER(_Options),
                     ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p))
_analyzer_free = _sig(_lib, "frana_analyzer_free", None, ctypes.c_void_p)
_session_new = _sig(_lib, "frana_session_new", ctypes.c_void_p, ctypes.c_void_p)
_session_free = _sig(_lib, "frana_session_free", None, ctypes.c_void_p)
_session_errmsg = _sig(_lib, "frana_session_errmsg", ctypes.c_char_p, ctypes.c_void_p)
_analyze = _sig(_lib, "frana_analyze", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _c_size,
                ctypes.c_char_p, ctypes.c_int, _TOKEN_FN, ctypes.c_void_p)
_strerror = _sig(_lib, "frana_strerror", ctypes.c_char_p, ctypes.c_int)
_free = _sig(_lib, "frana_free", None, ctypes.c_void_p)
_version = _sig(_lib, "frana_version", ctypes.c_char_p)
_document_terms = _sig(_libx, "frana_document_terms", ctypes.c_int, ctypes.c_void_p,
                       ctypes.c_char_p, _c_size, ctypes.c_char_p, ctypes.c_char_p,
                       ctypes.POINTER(ctypes.c_uint32), _STORE_FN, ctypes.c_void_p)
_query_serialise = _sig(_libx, "frana_query_serialise", ctypes.c_int, ctypes.c_void_p,
                        ctypes.c_char_p, _c_size, ctypes.POINTER(_QueryOptions),
                        ctypes.POINTER(_Vocab), ctypes.POINTER(ctypes.c_void_p),
                        ctypes.POINTER(_c_size), ctypes.POINTER(ctypes.c_void_p))

NO_STEM, NO_FOLD, NO_NAMES, KEEP_STOPWORDS = 1 << 1, 1 << 2, 1 << 3, 1 << 0

__version__ = _version().decode()


def _take_message(p, code):
    if not p:
        return _strerror(code).decode()
    msg = ctypes.string_at(p).decode("utf-8", "replace")
    _free(p)
    return msg


def _bytes(s):
    return s.encode("utf-8") if isinstance(s, str) else bytes(s)


def _opt(s):
    return None if s is None or s == "" else _bytes(s)


class Token:
    """One token: position, byte offsets in the UTF-8 text, surface, terms
    [(term, kind)], flags (a frana_token_flag bitmask)."""

    __slots__ = ("pos", "start", "end", "surface", "terms", "flags")

    def __init__(self, t):
        self.pos = t.pos
        self.start = t.start
        self.end = t.end
        self.surface = ctypes.string_at(t.surface, t.surface_len).decode("utf-8")
        self.terms = [(ctypes.string_at(t.terms[i].text, t.terms[i].len).decode("utf-8"),
                       t.terms[i].kind) for i in range(t.nterms)]
        self.flags = t.flags

    def __repr__(self):
        return "Token(%d, %r, %r)" % (self.pos, self.surface, self.terms)


class Analyzer:
    """frana's analyzer (immutable; share it). flags: NO_STEM | NO_FOLD | …"""

    def __init__(self, flags=0, stopwords_path=None):
        o = _Options(ctypes.sizeof(_Options), _opt(stopwords_path), flags)
        a, msg = ctypes.c_void_p(), ctypes.c_void_p()
        rc = _analyzer_new(ctypes.byref(o), ctypes.byref(a), ctypes.byref(msg))
        if rc:
            raise Error(rc, "frana_analyzer_new: " + _take_message(msg.value, rc))
        self._a = a.value
        self._session = _Session(self)

    def __del__(self):
        if getattr(self, "_a", None):
            self._session.close()
            _analyzer_free(self._a)
            self._a = None

    def analyze(self, text, lang=None, mode="index"):
        """The tokens of text ('index': terms to store; 'query': alternatives)."""
        return self._session.analyze(text, lang, mode)


class _Session:
    def __init__(self, analyzer):
        self._s = _session_new(analyzer._a)
        if not self._s:
            raise Error(-1, "frana_session_new: out of memory")
        self.analyzer = analyzer  # keeps it alive

    def close(self):
        if self._s:
            _session_free(self._s)
            self._s = None

    def __del__(self):
        self.close()

    def check(self, rc, what, error=None):
        if error is not None:
            raise error
        if rc < 0:
            raise Error(rc, "%s: %s" % (what, _session_errmsg(self._s).decode("utf-8", "replace")))

    def analyze(self, text, lang, mode):
        data = _bytes(text)
        out, errors = [], []

        def on_token(_ctx, tok):
            try:
                out.append(Token(tok.contents))
                return 0
            except BaseException as e:  # noqa: BLE001 - handed back after the C call
                errors.append(e)
                return 1

        rc = _analyze(self._s, data, len(data), _opt(lang), 1 if mode == "query" else 0,
                      _TOKEN_FN(on_token), None)
        self.check(rc, "frana_analyze", errors[0] if errors else None)
        return out


class TermGenerator:
    """Adds frana's terms for a text to a xapian.Document, as
    xapian.TermGenerator does; the accent vocabulary goes into the document
    as boolean terms (no weight changes, nothing written outside it)."""

    def __init__(self, analyzer, lang=None):
        self._s = _Session(analyzer)
        self._lang = lang
        self._doc = None
        self._pos = 0

    def set_document(self, doc):
        self._doc = doc

    def set_lang(self, lang):
        """The language of the texts that follow (None: French)."""
        self._lang = lang

    def get_termpos(self):
        return self._pos

    def set_termpos(self, pos):
        self._pos = pos

    def increase_termpos(self, delta=100):
        self._pos += delta

    def index_text(self, text, wdf_inc=1, prefix=""):
        if self._doc is None:
            raise Error(-2, "frana.TermGenerator: no document set")
        data = _bytes(text)
        doc, errors = self._doc, []

        def on_term(_ctx, role, t, n, pos):
            try:
                term = ctypes.string_at(t, n)
                if role == _STORE_POSTING:
                    doc.add_posting(term, pos, wdf_inc)
                elif role == _STORE_COUNTED:
                    doc.add_term(term, wdf_inc)
                elif role == _STORE_BOOLEAN:
                    doc.add_boolean_term(term)
                return 0
            except BaseException as e:  # noqa: BLE001
                errors.append(e)
                return 1

        pos = ctypes.c_uint32(self._pos)
        rc = _document_terms(self._s._s, data, len(data), _opt(self._lang), _bytes(prefix),
                             ctypes.byref(pos), _STORE_FN(on_term), None)
        self._s.check(rc, "frana_document_terms", errors[0] if errors else None)
        self._pos = pos.value


class QueryParser:
    """Turns query text into a xapian.Query with the logic of `frana search`,
    accent readings resolved against db (a xapian.Database)."""

    def __init__(self, analyzer, db=None, default_op="AND", lang=None, body_prefix="",
                 title_prefix="S"):
        self._s = _Session(analyzer)
        self.db = db
        self.default_op = default_op
        self.lang = lang
        self.body_prefix = body_prefix
        self.title_prefix = title_prefix

    def parse_query(self, text):
        import xapian  # python3-xapian

        db, errors = self.db, []

        def guard(f):
            def g(*a):
                try:
                    return f(*a)
                except BaseException as e:  # noqa: BLE001
                    errors.append(e)
                    return _ERR_DB
            return g

        @guard
        def termfreq(_ctx, t, n, out):
            out[0] = db.get_termfreq(ctypes.string_at(t, n))
            return 0

        @guard
        def cooccur(_ctx, a, alen, bs, blens, n, out):
            at = ctypes.string_at(a, alen)
            out[0] = 0
            if n and db.term_exists(at):
                any_ = xapian.Query(xapian.Query.OP_OR,
                                    [ctypes.string_at(bs[i], blens[i]) for i in range(n)])
                e = xapian.Enquire(db)
                e.set_query(xapian.Query(xapian.Query.OP_AND, xapian.Query(at), any_))
                e.set_weighting_scheme(xapian.BoolWeight())
                out[0] = 1 if e.get_mset(0, 1).size() else 0
            return 0

        @guard
        def expand(_ctx, key, klen, limit, cb, cbctx):
            k = ctypes.string_at(key, klen)
            f = _EXPAND_CB(cb)
            for i, item in enumerate(db.allterms(k)):
                if i >= limit:
                    break
                rc = f(cbctx, item.term, len(item.term))
                if rc:
                    return rc
            return 0

        cbs = (_TERMFREQ_FN(termfreq), _COOCCUR_FN(cooccur), _EXPAND_FN(expand))
        vocab = _Vocab(None, *cbs)
        o = _QueryOptions(ctypes.sizeof(_QueryOptions), 1 if self.default_op == "OR" else 0,
                          _opt(self.lang), _bytes(self.body_prefix), _bytes(self.title_prefix))
        data = _bytes(text)
        out, outlen, msg = ctypes.c_void_p(), _c_size(), ctypes.c_void_p()
        rc = _query_serialise(self._s._s, data, len(data), ctypes.byref(o),
                              ctypes.byref(vocab) if db is not None else None, ctypes.byref(out),
                              ctypes.byref(outlen), ctypes.byref(msg))
        if errors:
            _free(out.value)
            _free(msg.value)
            raise errors[0]
        if rc:
            raise Error(rc, _take_message(msg.value, rc))
        raw = ctypes.string_at(out.value, outlen.value)
        _free(out.value)
        return xapian.Query.unserialise(raw)
