/*
 * tokenizer.c: the tokenizer (see tokenizer.h).
 *
 * A cursor walks code points; at each non-space position one scanner
 * decides the token (URL, e-mail, handle, word, number, punctuation,
 * symbol). Character classes come from utf8proc for non-ASCII and from a
 * table for ASCII. The token's key is normalized into doc->keys and looked
 * up once in the model's vocabulary.
 */
#include "tokenizer.h"

#include "input.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* Character classes. */
enum { C_SPACE = 1, C_LETTER = 2, C_DIGIT = 4, C_MARK = 8, C_UPPER = 16, C_LOWER = 32, C_JOIN = 64 };

/* The classes of ASCII characters, fixed at compile time (so that
 * documents may be tokenized on several threads). */
#define UP (C_LETTER | C_UPPER)
#define LO (C_LETTER | C_LOWER)
static const unsigned char ascii_class[128] = {
    [' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT, ['5'] = C_DIGIT,
    ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['A'] = UP, ['B'] = UP, ['C'] = UP, ['D'] = UP, ['E'] = UP, ['F'] = UP, ['G'] = UP, ['H'] = UP, ['I'] = UP,
    ['J'] = UP, ['K'] = UP, ['L'] = UP, ['M'] = UP, ['N'] = UP, ['O'] = UP, ['P'] = UP, ['Q'] = UP, ['R'] = UP,
    ['S'] = UP, ['T'] = UP, ['U'] = UP, ['V'] = UP, ['W'] = UP, ['X'] = UP, ['Y'] = UP, ['Z'] = UP,
    ['a'] = LO, ['b'] = LO, ['c'] = LO, ['d'] = LO, ['e'] = LO, ['f'] = LO, ['g'] = LO, ['h'] = LO, ['i'] = LO,
    ['j'] = LO, ['k'] = LO, ['l'] = LO, ['m'] = LO, ['n'] = LO, ['o'] = LO, ['p'] = LO, ['q'] = LO, ['r'] = LO,
    ['s'] = LO, ['t'] = LO, ['u'] = LO, ['v'] = LO, ['w'] = LO, ['x'] = LO, ['y'] = LO, ['z'] = LO,
};
#undef UP
#undef LO

static int is_cjk(int32_t cp)
{
    if (cp < 0x3040)
        return 0;
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

static unsigned cls(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 ? ascii_class[cp] : 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_LETTER | C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return C_LETTER | C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_SPACE;
    case UTF8PROC_CATEGORY_CF:
        /* zero-width joiners and the soft hyphen stay inside words;
         * the zero-width space and the BOM separate them */
        if (cp == 0x200B || cp == 0xFEFF)
            return C_SPACE;
        return C_JOIN;
    case UTF8PROC_CATEGORY_CC:
        return cp == 0x85 ? C_SPACE : 0;
    default:
        return 0;
    }
}

static int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int is_quote(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D ||
           cp == 0x00AB || cp == 0x00BB || cp == 0x201E || cp == 0x201A || cp == 0x2039 ||
           cp == 0x203A || cp == 0x300C || cp == 0x300D;
}

static int is_newline(int32_t cp)
{
    return cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85 || cp == '\f' || cp == '\v';
}

/* The scanning position: byte offset and code point offset move together. */
typedef struct cursor {
    const unsigned char *s;
    size_t i, end;
    uint32_t c;
} cursor;

static int32_t peek_at(const cursor *cu, size_t i, size_t *len)
{
    if (i >= cu->end) {
        *len = 0;
        return -1;
    }
    int32_t cp;
    *len = np_utf8_next(cu->s + i, &cp);
    return cp;
}

static int32_t peek(const cursor *cu, size_t *len)
{
    return peek_at(cu, cu->i, len);
}

static void advance(cursor *cu, size_t len)
{
    cu->i += len;
    cu->c++;
}

typedef struct tokstate {
    const np_lexicon *lx; /* or NULL: no vocabulary ids or word classes */
    np_doc *doc;
    uint16_t pending; /* flags from the white space before the next token */
    size_t next_at;   /* the next '@' of the range (SIZE_MAX: none), for e-mails */
} tokstate;

/* Appends the token doc->text[start..end) with its key (folded: ASCII
 * letters and digits only, whose lower case the scanner has written at the
 * end of doc->keys already; else normalized here) and its vocabulary id
 * and word classes. */
static np_token *push_token_as(tokstate *ts, size_t start, size_t end, uint32_t cstart, uint32_t cend,
                               int kind, uint16_t flags, int folded)
{
    np_doc *doc = ts->doc;
    if (doc->ntoks == doc->toks_cap)
        NP_GROW(doc->toks, doc->toks_cap, doc->ntoks + 1);
    np_token *t = &doc->toks[doc->ntoks++];
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->cstart = cstart;
    t->cend = cend;
    t->flags = (uint16_t)(flags | ts->pending);
    t->kind = (uint8_t)kind;
    t->lex = 0;
    t->vocab = 0;
    ts->pending = 0;
    size_t koff = doc->keys.len;
    size_t klen = end - start; /* a period added later is not part of the key: "Mr." = "Mr" */
    if (folded) /* written by the scanner */
        doc->keys.len += klen;
    else
        np_normalize(doc->text + start, klen, 1, &doc->keys, &doc->scratch);
    size_t kl = doc->keys.len - koff;
    if (kl > 0xFFFF) { /* cannot happen with capped tokens; stay safe */
        doc->keys.len = koff + 0xFFFF;
        kl = 0xFFFF;
    }
    np_buf_addc(&doc->keys, '\0');
    t->key = (uint32_t)koff;
    t->key_len = (uint16_t)kl;
    if (ts->lx) {
        const char *k = doc->keys.data + koff;
        uint32_t id = np_lexicon_lookup(ts->lx, k, kl);
        if (id) {
            t->vocab = id;
            t->lex = ts->lx->vocab.ents[id - 1].lex;
        }
    }
    return t;
}

static np_token *push_token(tokstate *ts, size_t start, size_t end, uint32_t cstart, uint32_t cend,
                            int kind, uint16_t flags)
{
    return push_token_as(ts, start, end, cstart, cend, kind, flags, 0);
}

/* Token flags from the classes a token's characters have (any) and its
 * first letter's (first). */
static uint16_t flags_of(unsigned any, unsigned first)
{
    uint16_t f = 0;
    if (any & C_DIGIT)
        f |= NP_TF_DIGIT;
    if (any & C_LETTER)
        f |= NP_TF_LETTER;
    if (first & C_UPPER)
        f |= NP_TF_CAP;
    else if (first & C_LOWER)
        f |= NP_TF_LOWER;
    if ((any & C_UPPER) && !(any & C_LOWER))
        f |= NP_TF_ALLCAP;
    return f;
}

/* Case and letter flags of the text s[0..n). */
static uint16_t case_flags(const unsigned char *s, size_t n)
{
    unsigned any = 0, first = 0; /* the classes seen; the first letter's */
    for (size_t i = 0; i < n;) {
        unsigned k;
        if (s[i] < 0x80) {
            k = ascii_class[s[i++]];
        } else {
            int32_t cp;
            i += np_utf8_next(s + i, &cp);
            k = cls(cp);
        }
        any |= k;
        if (!first && (k & C_LETTER))
            first = k;
    }
    return flags_of(any, first);
}

static int ascii_ieq(const cursor *cu, const char *lit)
{
    size_t n = strlen(lit);
    if (cu->end - cu->i < n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char a = cu->s[cu->i + k];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a + 32);
        if (a != (unsigned char)lit[k])
            return 0;
    }
    return 1;
}

/* URL: http://, https:// or www. up to white space; trailing punctuation
 * that closes the sentence is left out. */
static int scan_url(tokstate *ts, cursor *cu)
{
    unsigned char c0 = cu->s[cu->i] | 0x20;
    if ((c0 != 'h' && c0 != 'w') || !(ascii_ieq(cu, "http://") || ascii_ieq(cu, "https://") || ascii_ieq(cu, "www.")))
        return 0;
    cursor c = *cu;
    size_t last_good = c.i;
    uint32_t last_good_c = c.c;
    int parens = 0;
    while (c.i < c.end && c.i - cu->i < NP_MAX_TOKEN_BYTES) {
        size_t l;
        int32_t cp = peek(&c, &l);
        if (cls(cp) & C_SPACE || cp == '<' || cp == '>' || cp == '"' || cp == 0x201C || cp == 0x201D ||
            cp == 0x2014 || cp == 0x2013)
            break;
        if (cp == '(')
            parens++;
        if (cp == ')' && --parens < 0)
            break;
        advance(&c, l);
        if (!(cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == '\'' ||
              cp == 0x2019 || cp == ')')) {
            last_good = c.i;
            last_good_c = c.c;
        } else if (cp == ')') {
            last_good = c.i;
            last_good_c = c.c;
        }
    }
    if (last_good - cu->i < 5)
        return 0;
    push_token(ts, cu->i, last_good, cu->c, last_good_c, NP_TOK_URL, case_flags(cu->s + cu->i, 0));
    cu->i = last_good;
    cu->c = last_good_c;
    return 1;
}

static int email_local(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '%' || c == '+' || c == '-';
}

static int domain_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* name@domain.tld (ASCII). */
/* Whether an '@' is near enough after the cursor for an e-mail address
 * to begin there (scan_email reads at most 256 bytes before it). */
static int email_near(tokstate *ts, const cursor *cu)
{
    if (ts->next_at == SIZE_MAX)
        return 0;
    if (ts->next_at < cu->i) {
        const unsigned char *p = memchr(cu->s + cu->i, '@', cu->end - cu->i);
        ts->next_at = p ? (size_t)(p - cu->s) : SIZE_MAX;
    }
    return ts->next_at != SIZE_MAX && ts->next_at - cu->i <= 256;
}

static int scan_email(tokstate *ts, cursor *cu)
{
    size_t i = cu->i;
    while (i < cu->end && email_local(cu->s[i]) && i - cu->i < 256)
        i++;
    if (i == cu->i || i >= cu->end || cu->s[i] != '@')
        return 0;
    size_t j = i + 1, last_label_end = 0;
    int dots = 0;
    for (;;) {
        size_t k = j;
        while (k < cu->end && domain_char(cu->s[k]) && k - j < 64)
            k++;
        if (k == j)
            break;
        last_label_end = k;
        if (k < cu->end && cu->s[k] == '.' && k + 1 < cu->end && domain_char(cu->s[k + 1])) {
            dots++;
            j = k + 1;
            continue;
        }
        break;
    }
    if (!dots)
        return 0;
    size_t n = last_label_end - cu->i; /* all ASCII: bytes == code points */
    push_token(ts, cu->i, last_label_end, cu->c, cu->c + (uint32_t)n, NP_TOK_EMAIL, 0);
    cu->i = last_label_end;
    cu->c += (uint32_t)n;
    return 1;
}

/* @handle, when the @ does not follow a word character. */
static int scan_handle(tokstate *ts, cursor *cu)
{
    if (cu->s[cu->i] != '@')
        return 0;
    size_t i = cu->i + 1;
    while (i < cu->end && i - cu->i <= 64 &&
           ((cu->s[i] >= 'a' && cu->s[i] <= 'z') || (cu->s[i] >= 'A' && cu->s[i] <= 'Z') ||
            (cu->s[i] >= '0' && cu->s[i] <= '9') || cu->s[i] == '_'))
        i++;
    if (i == cu->i + 1)
        return 0;
    uint32_t n = (uint32_t)(i - cu->i);
    push_token(ts, cu->i, i, cu->c, cu->c + n, NP_TOK_HANDLE, case_flags(cu->s + cu->i, i - cu->i));
    cu->i = i;
    cu->c += n;
    return 1;
}

/* Words and numbers. */
/* A final period that belongs to word t, just scanned (letters of it,
 * seglen of them since its last hyphen or period, acro: no digit or
 * apostrophe or hyphen, acro_periods: the periods of U.S. inside it): U.S.,
 * J., Mr., No. 5. */
static void final_period(cursor *cu, np_token *t, int letters, int seglen, int acro, int acro_periods)
{
    if (cu->i >= cu->end || cu->s[cu->i] != '.' || letters == 0)
        return;
    int take = 0;
    if (acro_periods > 0 && seglen == 1)
        take = 1;
    else if (letters == 1 && t->end - t->start <= 4 && (t->flags & NP_TF_CAP) && acro)
        take = 1;
    else if (!(t->flags & NP_TF_HYPHEN) && (t->lex & (NP_LEX_ABBR_TITLE | NP_LEX_ABBR)))
        take = 1;
    else if (!(t->flags & NP_TF_HYPHEN) && (t->lex & NP_LEX_ABBR_NUM)) {
        size_t j = cu->i + 1;
        while (j < cu->end && (cu->s[j] == ' ' || cu->s[j] == '\t'))
            j++;
        take = j < cu->end && cu->s[j] >= '0' && cu->s[j] <= '9';
    }
    if (take) {
        cu->i++;
        cu->c++;
        t->end++;
        t->cend++;
        t->flags |= NP_TF_PERIOD;
    }
}

/* The common case in one pass: a run of ASCII letters and digits that
 * ends where every word ends (the end of the range, white space, or ASCII
 * punctuation other than the apostrophe, the hyphen and '&', with a period
 * or a comma only after two or more characters with a letter among them).
 * Its classes, case flags and letter count come from the table as its end
 * is found. 0 when the run is not such a word (nothing is done: the
 * general scanner decides, with the same result for the words taken
 * here). */
static int scan_ascii_word(tokstate *ts, cursor *cu)
{
    const unsigned char *s = cu->s;
    size_t start = cu->i, i = start, lim = cu->end;
    if (lim - start > NP_MAX_TOKEN_BYTES)
        lim = start + NP_MAX_TOKEN_BYTES;
    unsigned any = 0, first = 0;
    int letters = 0;
    np_buf *keys = &ts->doc->keys; /* the key, in lower case, as the run is read */
    np_buf_reserve(keys, lim - start);
    char *key = keys->data + keys->len;
    for (; i < lim && s[i] < 0x80; i++) {
        unsigned k = ascii_class[s[i]];
        if (!(k & (C_LETTER | C_DIGIT)))
            break;
        any |= k;
        key[i - start] = (char)(k & C_UPPER ? s[i] + 32 : s[i]);
        if (k & C_LETTER) {
            letters++;
            if (!first)
                first = k;
        }
    }
    size_t n = i - start;
    if (i == lim && lim < cu->end)
        return 0; /* a run cut at the limit */
    if (i < lim) {
        unsigned char c = s[i];
        if (c >= 0x80 || c == '\'' || c == '-' || c == '&')
            return 0;
        if ((c == '.' || c == ',') && (n < 2 || !letters))
            return 0;
    }
    uint16_t flags = flags_of(any, first);
    uint32_t cstart = cu->c;
    cu->i = i;
    cu->c += (uint32_t)n;
    np_token *t = push_token_as(ts, start, i, cstart, cu->c, letters ? NP_TOK_WORD : NP_TOK_NUMBER, flags, 1);
    final_period(cu, t, letters, letters, !(any & C_DIGIT), 0);
    return 1;
}

static void scan_word(tokstate *ts, cursor *cu)
{
    if (cu->s[cu->i] < 0x80 && scan_ascii_word(ts, cu))
        return;
    size_t start = cu->i;
    uint32_t cstart = cu->c;
    size_t l;
    int32_t cp = peek(cu, &l);
    if (is_cjk(cp)) {
        advance(cu, l);
        while ((cp = peek(cu, &l)) >= 0 && (cls(cp) & (C_MARK | C_JOIN)))
            advance(cu, l);
        push_token(ts, start, cu->i, cstart, cu->c, NP_TOK_WORD, NP_TF_CJK | NP_TF_LETTER);
        return;
    }
    uint16_t extra = 0;
    int letters = 0, seglen = 0, acro_periods = 0, acro = 1;
    unsigned prev = 0;
    while (cu->i < cu->end && cu->i - start < NP_MAX_TOKEN_BYTES) {
        /* ASCII, the common case, needs no decoding */
        if (cu->s[cu->i] < 0x80)
            cp = cu->s[cu->i], l = 1;
        else
            cp = peek(cu, &l);
        unsigned k = cls(cp);
        if ((k & (C_LETTER | C_DIGIT | C_MARK | C_JOIN)) && !is_cjk(cp)) {
            advance(cu, l);
            if (k & C_LETTER) {
                letters++;
                seglen++;
            } else if (k & C_DIGIT) {
                acro = 0;
            }
            if (k & (C_LETTER | C_DIGIT))
                prev = k;
            continue;
        }
        size_t l2, l3;
        int32_t cp2 = peek_at(cu, cu->i + l, &l2);
        unsigned k2 = cls(cp2);
        if (is_apostrophe(cp) && (prev & C_LETTER) && (k2 & C_LETTER)) {
            int32_t cp3 = peek_at(cu, cu->i + l + l2, &l3);
            if ((cp2 == 's' || cp2 == 'S') && !(cls(cp3) & (C_LETTER | C_DIGIT | C_MARK)))
                break; /* possessive: 's becomes its own token */
            advance(cu, l);
            acro = 0;
            continue;
        }
        if (is_hyphen(cp) && (prev & (C_LETTER | C_DIGIT)) && (k2 & (C_LETTER | C_DIGIT)) && !is_cjk(cp2)) {
            advance(cu, l);
            extra |= NP_TF_HYPHEN;
            acro = 0;
            seglen = 0;
            continue;
        }
        if (cp == '.' && acro && seglen == 1 && (k2 & C_LETTER)) {
            /* U.S., e.g.: single letters joined by periods */
            int32_t cp3 = peek_at(cu, cu->i + l + l2, &l3);
            if (!(cls(cp3) & (C_LETTER | C_DIGIT))) {
                advance(cu, l);
                acro_periods++;
                seglen = 0;
                continue;
            }
        }
        if ((cp == '.' || cp == ',') && (prev & C_DIGIT) && (k2 & C_DIGIT) && !letters) {
            if (cp == ',') {
                /* 1,000: a comma followed by exactly three digits */
                size_t j = cu->i + 1;
                int d = 0;
                while (j < cu->end && cu->s[j] >= '0' && cu->s[j] <= '9')
                    j++, d++;
                if (d != 3)
                    break;
            }
            advance(cu, l);
            continue;
        }
        if (cp == '&' && (prev & C_UPPER) && (k2 & C_UPPER) && cu->i - start <= 4) {
            advance(cu, l); /* AT&T, S&P */
            continue;
        }
        break;
    }
    size_t end = cu->i;
    uint16_t flags = case_flags(cu->s + start, end - start) | extra;
    np_token *t = push_token(ts, start, end, cstart, cu->c, letters ? NP_TOK_WORD : NP_TOK_NUMBER, flags);
    final_period(cu, t, letters, seglen, acro, acro_periods);
}

/* Punctuation: runs of periods (...) and hyphens (--) are one token; the
 * possessive 's and a lone ' after a plural are marked as possessives. */
static void scan_punct(tokstate *ts, cursor *cu, int32_t cp, size_t l)
{
    size_t start = cu->i;
    uint32_t cstart = cu->c;
    np_doc *doc = ts->doc;
    int glued = !(ts->pending & NP_TF_SPACE) && doc->ntoks > 0 && doc->toks[doc->ntoks - 1].kind == NP_TOK_WORD &&
                doc->toks[doc->ntoks - 1].end == start;
    if (is_apostrophe(cp) && glued) {
        size_t l2, l3;
        int32_t cp2 = peek_at(cu, cu->i + l, &l2);
        int32_t cp3 = peek_at(cu, cu->i + l + l2, &l3);
        if ((cp2 == 's' || cp2 == 'S') && !(cls(cp3) & (C_LETTER | C_DIGIT | C_MARK))) {
            advance(cu, l);
            advance(cu, l2);
            push_token(ts, start, cu->i, cstart, cu->c, NP_TOK_WORD, NP_TF_POSS | NP_TF_LETTER);
            return;
        }
        const np_token *w = &doc->toks[doc->ntoks - 1];
        char last = doc->text[w->end - 1];
        if ((last == 's' || last == 'S') && !(cls(cp2) & (C_LETTER | C_DIGIT))) {
            advance(cu, l);
            push_token(ts, start, cu->i, cstart, cu->c, NP_TOK_PUNCT, NP_TF_POSS | NP_TF_QUOTE);
            return;
        }
    }
    advance(cu, l);
    if (cp == '.' || cp == '-') {
        size_t l2;
        while (peek(cu, &l2) == cp && cu->i - start < 64)
            advance(cu, l2);
    }
    uint16_t flags = is_quote(cp) ? NP_TF_QUOTE : 0;
    push_token(ts, start, cu->i, cstart, cu->c, NP_TOK_PUNCT, flags);
}

/* Symbols and emoji: a whole grapheme cluster. */
static void scan_symbol(tokstate *ts, cursor *cu, int32_t cp, size_t l)
{
    size_t start = cu->i;
    uint32_t cstart = cu->c;
    advance(cu, l);
    utf8proc_int32_t state = 0;
    int32_t prev = cp;
    size_t l2;
    int32_t next;
    while ((next = peek(cu, &l2)) >= 0 && cu->i - start < 64) {
        if (utf8proc_grapheme_break_stateful(prev, next, &state))
            break;
        advance(cu, l2);
        prev = next;
    }
    push_token(ts, start, cu->i, cstart, cu->c, NP_TOK_SYMBOL, 0);
}

static int is_punct_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') ||
               (cp >= '{' && cp <= '~');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

static int is_symbol_ascii(int32_t cp)
{
    return cp == '$' || cp == '+' || cp == '<' || cp == '=' || cp == '>' || cp == '^' || cp == '`' ||
           cp == '|' || cp == '~';
}

static void tokenize_range(tokstate *ts, size_t begin, size_t end, uint32_t cbegin)
{
    np_doc *doc = ts->doc;
    cursor cu = {(const unsigned char *)doc->text, begin, end, cbegin};
    int newlines = 0;
    if (begin == 0)
        ts->pending = NP_TF_PARA | NP_TF_NL;
    const char *at = memchr(doc->text + begin, '@', end - begin);
    ts->next_at = at ? (size_t)(at - doc->text) : SIZE_MAX;
    while (cu.i < cu.end) {
        if (cu.s[cu.i] == ' ') { /* the commonest byte: no decoding */
            ts->pending |= NP_TF_SPACE;
            cu.i++;
            cu.c++;
            continue;
        }
        size_t l;
        int32_t cp = peek(&cu, &l);
        unsigned k = cls(cp);
        if (k & C_SPACE || cp == '\r') {
            ts->pending |= NP_TF_SPACE;
            if (is_newline(cp)) {
                ts->pending |= NP_TF_NL;
                if (++newlines >= 2 || cp == 0x2029)
                    ts->pending |= NP_TF_PARA;
            }
            advance(&cu, l);
            continue;
        }
        newlines = 0;
        if (cp < 0x80 && (k & (C_LETTER | C_DIGIT)) && (scan_url(ts, &cu) || (email_near(ts, &cu) && scan_email(ts, &cu))))
            continue;
        if (cp == '@' && (doc->ntoks == 0 || (ts->pending & NP_TF_SPACE) ||
                          doc->toks[doc->ntoks - 1].end != cu.i || doc->toks[doc->ntoks - 1].kind != NP_TOK_WORD) &&
            scan_handle(ts, &cu))
            continue;
        if (k & (C_LETTER | C_DIGIT) || (k & (C_MARK | C_JOIN) && !(cls(cp) & C_SPACE)))
            scan_word(ts, &cu);
        else if (cp < 0x80 ? !is_symbol_ascii(cp) && is_punct_cp(cp) : is_punct_cp(cp))
            scan_punct(ts, &cu, cp, l);
        else
            scan_symbol(ts, &cu, cp, l);
    }
}

void np_tokenize(const np_lexicon *lx, np_doc *doc)
{
    doc->ntoks = 0;
    doc->keys.len = 0;
    /* storage reserved once: news text averages more than five bytes a
     * token, and keys are never longer than the text they come from */
    size_t n = doc->seg_end - doc->seg_begin;
    NP_GROW(doc->toks, doc->toks_cap, n / 5 + 16);
    np_buf_reserve(&doc->keys, n + 16);
    tokstate ts = {lx, doc, 0, 0};
    tokenize_range(&ts, doc->seg_begin, doc->seg_end, doc->seg_cbegin);
}

void np_token_casekey(np_doc *doc, const np_token *t, np_buf *out)
{
    size_t n = t->end - t->start - ((t->flags & NP_TF_PERIOD) ? 1 : 0);
    np_normalize(doc->text + t->start, n, 0, out, &doc->scratch);
}

size_t np_tokenize_keys(const np_lexicon *lx, const char *s, size_t n, np_buf *keys, int fold)
{
    np_doc tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.text = (char *)s;
    tmp.len = n;
    tokstate ts = {lx, &tmp, 0, 0};
    tokenize_range(&ts, 0, n, 0);
    for (size_t i = 0; i < tmp.ntoks; i++) {
        if (fold)
            np_buf_add(keys, tmp.keys.data + tmp.toks[i].key, (size_t)tmp.toks[i].key_len);
        else
            np_token_casekey(&tmp, &tmp.toks[i], keys);
        np_buf_addc(keys, '\0');
    }
    size_t count = tmp.ntoks;
    free(tmp.toks);
    np_buf_free(&tmp.keys);
    np_norm_scratch_free(&tmp.scratch);
    return count;
}

const char *np_tok_kind_name(int kind)
{
    static const char *names[] = {"word", "number", "punct", "symbol", "url", "email", "handle"};
    return kind >= 0 && kind <= NP_TOK_HANDLE ? names[kind] : "?";
}
