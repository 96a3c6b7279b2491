/*
 * entities_private.h: what the parts of the entity stage (matcher.c,
 * names.c, entities.c) hand to each other: spans of tokens that name
 * something, with their gazetteer candidates or the cue that found them.
 */
#ifndef NP_ENTITIES_PRIVATE_H
#define NP_ENTITIES_PRIVATE_H

#include "entities.h"
#include "gazetteer.h"

#include <string.h>

enum np_span_kind {
    NP_SPAN_GAZ,     /* gazetteer candidates */
    NP_SPAN_DEMONYM, /* a demonym: a nationality cue, not a mention */
    NP_SPAN_NAME     /* found from cues (names.c) */
};

typedef struct np_span {
    uint32_t tb, te;        /* token range [tb, te) in the segment */
    uint32_t start, end;    /* bytes of the mention (a part of a hyphenated token may be less) */
    uint32_t cstart, cend;  /* the same in code points */
    uint32_t sent;          /* sentence index in the segment */
    uint32_t cands, ncands; /* NP_SPAN_GAZ/DEMONYM: range in np_spans.cands */
    uint32_t title;         /* a title right before it, or NP_NONE */
    uint32_t title_tb;      /* people: the first token of the titles before it (note_role), else tb */
    uint32_t entity;        /* the resolved entity, or NP_NONE */
    uint32_t holder;        /* NP_SPAN_NAME: the gazetteer entry + 1 an office reference names, or 0 */
    uint8_t kind;           /* np_span_kind */
    uint8_t type;           /* NP_SPAN_NAME: np_etype */
    uint8_t how;            /* NP_SPAN_NAME: np_how */
    uint8_t part;           /* a part of a hyphenated token */
    const char *why;        /* NP_SPAN_NAME: the cue, a static string */
    char *reason;           /* how an ambiguous name was decided (owned), or NULL */
} np_span;

typedef struct np_spans {
    np_span *items;
    size_t n, cap;
    uint32_t *cands;        /* gazetteer candidate indices */
    size_t ncands, cands_cap;
    uint8_t *covered;       /* per token of the segment: inside a kept span */
    size_t covered_cap;
    uint32_t *owner;        /* per token: the gazetteer span (index + 1) that covers it, or 0 */
    size_t owner_cap;
    np_buf scratch;
} np_spans;

/* matcher.c: adds the gazetteer matches of sentence s (longest, then
 * leftmost, never across the sentence) and marks their tokens covered. */
void np_match_sentence(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp);

/* names.c: adds names found from cues in sentence s, on tokens not
 * covered yet. */
void np_find_names(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp);

/* offices.c: the spans of sp by the token they start at (tb) and the
 * token they end before (te): the spans with tb == t are
 * sp->items[tb_ids[tb_off[t] .. tb_off[t + 1])], likewise for te. Built in
 * one pass, so that looking up a neighbour stays linear in the document. */
typedef struct np_span_index {
    uint32_t *tb_off, *tb_ids, *te_off, *te_ids;
} np_span_index;

void np_span_index_build(np_span_index *ix, const np_doc *doc, const np_spans *sp);
void np_span_index_free(np_span_index *ix);

/* offices.c: the one person candidate of gazetteer span s who held the
 * office of the title before it on the document's date d ("President
 * Bush" in 2008); sets *entry and writes the role and date that decided to
 * why. Without a date (d NULL) only a title one candidate alone ever held
 * decides ("the Holy Father Francis"); 0 without a title or a single
 * holder. */
int np_office_holder(const np_model *m, const np_doc *doc, const np_date *d, const np_spans *sp,
                     const np_span_index *ix, const np_span *s, uint32_t *entry, np_buf *why);

/* offices.c: adds a span (holder set) for each title with a nationality
 * and no name ("the Indian prime minister") whose office one person held
 * on the document's date, when the document names no other person with
 * that role. Nothing without a document date. */
void np_find_office_references(const np_model *m, np_doc *doc, np_spans *sp);

/* How many entries the live candidates of gazetteer span s name (neither
 * replaced nor demonyms; a candidate list holds an entry's candidates
 * together), and in *strong whether any of them is not weak. */
static inline int np_span_entries(const np_model *m, const np_spans *sp, const np_span *s, int *strong)
{
    int entries = 0;
    uint32_t last = NP_NONE;
    *strong = 0;
    for (uint32_t c = 0; c < s->ncands; c++) {
        const np_gz_cand *cand = &m->gaz->cands[sp->cands[s->cands + c]];
        if (cand->flags & (NP_GC_DEMONYM | NP_GC_DEAD))
            continue;
        *strong |= !(cand->flags & NP_GC_WEAK);
        entries += cand->entry != last;
        last = cand->entry;
    }
    return entries;
}

/* A new span at the end of sp, zeroed, with no title or entity yet. */
static inline np_span *np_spans_push(np_spans *sp)
{
    NP_GROW(sp->items, sp->cap, sp->n + 1);
    np_span *s = &sp->items[sp->n++];
    memset(s, 0, sizeof *s);
    s->title = NP_NONE;
    s->title_tb = NP_NONE;
    s->entity = NP_NONE;
    return s;
}

#endif
