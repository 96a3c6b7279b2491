/*
 * doc.h: the document that flows through nerpipe's stages.
 *
 *   input → tokens → sentences → entities → relations → graph → output
 *
 * The text is held whole. Tokens and sentences belong to the current
 * segment: a long document is processed in segments of at most
 * NP_SEGMENT_BYTES that end at paragraph or sentence boundaries, so memory
 * stays proportional to the segment, not to the document. Entities,
 * mentions and links are document-level and accumulate across segments.
 * A news article is one segment.
 */
#ifndef NP_DOC_H
#define NP_DOC_H

#include "normalize.h"
#include "np.h"

#include <string.h>

#define NP_SEGMENT_BYTES ((size_t)1 << 20)
#define NP_MAX_TOKEN_BYTES 1024   /* longer runs are cut into several tokens */
#define NP_MAX_SENTENCE_TOKENS 2000 /* longer "sentences" are cut */

/* The type of an entity (and of a gazetteer entry). */
enum np_etype { NP_PERSON = 0, NP_PLACE = 1, NP_ORG = 2 };
const char *np_etype_name(int type);     /* "person", "place", "organization" */
const char *np_etype_prefix(int type);   /* "person", "place", "org" */

/* A date at a precision: a year, a month or a day. */
typedef struct np_date {
    int y, m, d;
    int prec; /* 0 unknown, 1 year, 2 month, 3 day */
} np_date;

/* The calendar nerpipe writes: years 1 to 9999 (four digits). */
#define NP_DATE_MIN_YEAR 1
#define NP_DATE_MAX_YEAR 9999

/* 1 when d is a real date at its precision: a year of 1 to 9999, a month
 * of 1 to 12, a day that the month has (leap years counted). */
int np_date_valid(const np_date *d);

/* Writes the date as YYYY, YYYY-MM or YYYY-MM-DD into out (11 bytes); ""
 * when it is not valid (np_date_valid). */
void np_date_format(const np_date *d, char *out);

/* The one date validator: --date, a JSON line's "date", gazetteer role
 * dates and the document date all go through it. Parses exactly YYYY,
 * YYYY-MM or YYYY-MM-DD (n bytes at s; digits, no sign or spaces) that
 * np_date_valid accepts; 0, or -1 (*d zeroed). */
int np_date_parse_n(const char *s, size_t n, np_date *d);
int np_date_parse(const char *s, np_date *d);

/* 1 when n bytes at s are a real day as YYYY-MM-DD; then, when out is not
 * NULL, writes its normalized form (11 bytes). Else 0. */
int np_date_day(const char *s, size_t n, char *out);
/* Negative, zero or positive as a is before, equal to (at the coarser
 * precision) or after b. */
int np_date_cmp(const np_date *a, const np_date *b);
/* Days from 1970-01-01 to the day y-m-d of the proleptic Gregorian calendar. */
long np_days_from_civil(int y, int m, int d);
/* The days of month m (1-12) of year y, leap years counted. */
int np_date_days_in_month(int y, int m);

typedef enum np_tok_kind {
    NP_TOK_WORD,
    NP_TOK_NUMBER,
    NP_TOK_PUNCT,
    NP_TOK_SYMBOL,
    NP_TOK_URL,
    NP_TOK_EMAIL,
    NP_TOK_HANDLE
} np_tok_kind;

/* Token flags. */
enum {
    NP_TF_SPACE = 1 << 0,   /* white space before it */
    NP_TF_NL = 1 << 1,      /* a line break before it */
    NP_TF_PARA = 1 << 2,    /* a blank line (or the start of the text) before it */
    NP_TF_CAP = 1 << 3,     /* starts with an upper- or titlecase letter */
    NP_TF_ALLCAP = 1 << 4,  /* has letters and all are uppercase */
    NP_TF_LOWER = 1 << 5,   /* starts with a lowercase letter */
    NP_TF_DIGIT = 1 << 6,   /* contains a digit */
    NP_TF_HYPHEN = 1 << 7,  /* has an internal hyphen (France-Presse) */
    NP_TF_PERIOD = 1 << 8,  /* ends with a period that belongs to it (U.S., Mr., J.) */
    NP_TF_POSS = 1 << 9,    /* possessive 's or ' split from the word before */
    NP_TF_CJK = 1 << 10,    /* a Han or Kana character (written without spaces) */
    NP_TF_QUOTE = 1 << 11,  /* a quotation mark */
    NP_TF_LETTER = 1 << 12  /* contains a letter */
};

typedef struct np_token {
    uint32_t start, end;   /* byte offsets in doc->text, end exclusive */
    uint32_t cstart, cend; /* the same in code points */
    uint32_t key;          /* offset of the normalized key in doc->keys */
    uint16_t key_len;
    uint16_t flags;        /* NP_TF_* */
    uint32_t lex;          /* word classes from the lexicon (NP_LEX_*) */
    uint32_t vocab;        /* gazetteer vocabulary id + 1; 0 when unknown */
    uint8_t kind;          /* np_tok_kind */
} np_token;

/* Sentence flags. */
enum {
    NP_SF_LINE = 1 << 0,     /* ended by a line break, not by punctuation */
    NP_SF_HEADLINE = 1 << 1, /* looks like a headline, byline or other title line */
    NP_SF_DATELINE = 1 << 2  /* a dateline of its own (TOKYO, January 18. /TASS/.) */
};

typedef struct np_sentence {
    uint32_t begin, end; /* token range [begin, end) in the segment */
    uint32_t flags;
    uint32_t index;      /* number of the sentence in the document */
} np_sentence;

/* How a mention was found. */
enum np_how {
    NP_HOW_NAME,      /* a gazetteer name or alias */
    NP_HOW_FAMILY,    /* a family name of a known or introduced person */
    NP_HOW_GIVEN,     /* a given name of an introduced person */
    NP_HOW_TITLE,     /* a name after a title or role noun */
    NP_HOW_GIVEN_CUE, /* a name that starts with a known given name */
    NP_HOW_PATTERN,   /* an organization or place pattern (… Ministry, city of …) */
    NP_HOW_ACRONYM,   /* an acronym defined in the text: Foo Bar (FB) */
    NP_HOW_REFERENCE  /* a role or pronoun reference (relations stage) */
};

typedef struct np_mention {
    uint32_t start, end;   /* bytes in doc->text */
    uint32_t cstart, cend; /* code points */
    uint32_t sent;         /* document sentence index */
    uint32_t entity;       /* index into the document's entities */
    uint32_t tb, te;       /* token range in its segment (valid while it is current) */
    uint32_t title;        /* title index before it, or NP_NONE */
    uint32_t title_tb;     /* people: first token of the titles before it ("Crown Prince and Prime
                            * Minister X"), else tb */
    uint8_t how;           /* np_how */
    uint8_t pad[3];
} np_mention;

typedef struct np_entity {
    long gz;               /* gazetteer entry, or -1 when found from cues */
    int type;              /* np_etype */
    /* the strings are the document's (doc->strs) */
    char *id, *label, *subtype;
    char *role;            /* a role the text gives it ("foreign minister"), or NULL */
    char country[4];       /* a nationality the text gives it, or "" */
    char *why;             /* how it was found or chosen */
    char *family, *given;  /* people: keys of the family and given name */
    uint32_t nmentions;
    uint32_t first_sent;
} np_entity;

/* The relations the relation stage finds. */
enum np_rel { NP_REL_MET, NP_REL_VISITED, NP_REL_JOINED, NP_REL_ROLE, NP_REL_CALLED };
const char *np_rel_name(int rel); /* "met", "visited", "joined", "holds_role", "called" */

/* A sentence that supports a link. */
typedef struct np_evidence_ref {
    uint32_t sent;
    uint32_t start, end;   /* bytes of the sentence */
    uint32_t cstart, cend; /* code points */
    const char *rule;      /* the rule's id (model pool) */
} np_evidence_ref;

typedef struct np_link {
    uint8_t rel;           /* np_rel */
    uint8_t planned;
    uint8_t recalled;      /* relation stage: a past meeting the text recalls ("his recent meeting") */
    uint8_t unrealized;    /* relation stage: planned in a tense that implies it was not held
                            * ("had been scheduled"); such a link is dropped when the document
                            * cancels a meeting of one of its people */
    uint32_t frame_word;   /* relation stage: the vocabulary index + 1 of the event noun its sentence
                            * names ("on the sidelines of the summit"), for a place found later, or 0 */
    uint8_t by_call;       /* relation stage: a later sentence says the meeting was held by phone or
                            * video ("The talks were held by video link"); a call at the end */
    char cameo[5];         /* met, visited, called: the CAMEO code read from a to b ("042": a visits b),
                            * decided at the end of the document (rules/README.md), or "" */
    char rule_cameo[5];    /* relation stage: the code the rule gave ("046"), or "" */
    uint32_t visitor;      /* relation stage: met: the one (a or b) who makes a visit to the other, as
                            * the rule says ("X hosted Y"), or NP_NONE */
    uint32_t a, b;         /* entities (b: the place for visited; NP_NONE for a role towards a country) */
    uint32_t place;        /* entity or NP_NONE */
    np_date date;
    char *title;           /* holds_role: the title (in doc->strs) */
    char cc[4];            /* holds_role: the country */
    int date_from_doc;     /* the date is only the document's */
    const char *place_from; /* where the place came from ("the sentence", "the dateline", "the visit",
                            * "the event: the G20 summit"...): static or model pool, NULL when none */
    const char *date_from;  /* the same for the date */
    np_evidence_ref *ev;   /* owned */
    size_t nev, ev_cap;
    uint32_t next;         /* relation stage: the next link (index + 1) of the same key, or 0 */
} np_link;

/* The dateline or byline a rules/relations/ dateline rule recognized in
 * the document's first lines ("HANOI, Vietnam (AP) -"). */
typedef struct np_dateline {
    uint32_t place;        /* entity, or NP_NONE when there is none */
    np_date date;          /* the date it gives, or prec 0 */
    uint32_t sent;         /* its sentence */
    uint32_t tb, te;       /* its tokens (in the first segment) */
    const char *rule;      /* the rule's id (model pool) */
} np_dateline;

typedef struct np_doc {
    char *text;      /* the repaired UTF-8 text, NUL-terminated (owned) */
    size_t len;      /* its length in bytes */
    size_t ncp;      /* its length in code points */
    char *name;      /* where it came from: the file name or "-", as valid UTF-8
                      * (U+FFFD for bad bytes), as the graph and --stage lines
                      * name it (owned) */
    char *id;        /* the JSON-lines id, or NULL (owned) */
    char date[11];   /* the document date YYYY-MM-DD, or "" */
    const char *date_source; /* "option", "text" or NULL */

    /* The current segment. */
    size_t seg_begin, seg_end;  /* byte range */
    uint32_t seg_cbegin;        /* code point offset of seg_begin */
    np_token *toks;
    size_t ntoks, toks_cap;
    np_buf keys;                /* the tokens' normalized keys */
    np_sentence *sents;
    size_t nsents, sents_cap;
    uint32_t sent_base;         /* document index of the segment's first sentence */
    int hard_wrapped;           /* single line breaks are spaces (wrapped text) */

    double seconds[4];          /* time spent in tokens, sentences, entities, relations */

    /* What the entity stage found, for the whole document. */
    np_mention *ments;
    size_t nments, ments_cap;
    np_entity *ents;
    size_t nents, ents_cap;
    uint32_t *ent_slots;        /* id → entity index + 1 */
    size_t nent_slots;
    np_u64map ent_of_entry;     /* gazetteer entry → entity index + 1 */
    np_arena strs;              /* the entities' and links' strings */
    /* What the relation stage found. */
    np_link *links;
    size_t nlinks, links_cap;
    np_dateline dateline;

    np_norm_scratch scratch;
} np_doc;

/* Makes a document that takes ownership of text (len bytes, valid UTF-8,
 * NUL-terminated). */
np_doc *np_doc_new(char *text, size_t len, const char *name);
void np_doc_free(np_doc *doc);
/* The index of the document's entity with this id, or -1. */
long np_doc_entity(const np_doc *doc, const char *id);
/* Forgets the current segment's tokens and sentences and frees their
 * storage (the pipeline, when the last segment is done: the graph needs
 * only the document's records and its text). */
void np_doc_clear_segment(np_doc *doc);

static inline const char *np_tok_key(const np_doc *doc, const np_token *t)
{
    return doc->keys.data + t->key;
}

static inline const char *np_tok_text(const np_doc *doc, const np_token *t)
{
    return doc->text + t->start;
}

/* Writes the token's shape (Xxxx, XXXX, xxxx, dd, X.X.) into out (size n). */
void np_tok_shape(const np_doc *doc, const np_token *t, char *out, size_t n);

/* Is the token's normalized key exactly key? */
static inline int np_tok_key_is(const np_doc *doc, const np_token *t, const char *key)
{
    size_t n = strlen(key);
    return t->key_len == n && memcmp(doc->keys.data + t->key, key, n) == 0;
}

/* Is the token's text, as written, exactly s? */
static inline int np_tok_text_is(const np_doc *doc, const np_token *t, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(t->end - t->start) == n && memcmp(doc->text + t->start, s, n) == 0;
}

/* A word with a letter that is not a split-off possessive. */
static inline int np_tok_is_word(const np_token *t)
{
    return t->kind == NP_TOK_WORD && (t->flags & NP_TF_LETTER) && !(t->flags & NP_TF_POSS);
}

#endif
