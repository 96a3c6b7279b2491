/*
 * matcher.c: finding gazetteer names in a sentence (see
 * entities_private.h). For every token, walk the name trie as far as the
 * tokens go and keep the longest path that has a candidate; then keep
 * matches longest first, leftmost among equals, without overlaps. A
 * hyphenated token that matched nothing as a whole is tried part by part
 * ("Tokyo-Moscow relations"). Possessives need nothing special: "Japan’s"
 * is the tokens "Japan" and "’s".
 */
#include "entities_private.h"

#include "input.h"
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>

/* Does candidate c match tokens [i, i + c->ntok) with its capitals? Its
 * keys, one per token, are read no further than the pool goes (a compiled
 * model's pool ends with a NUL). */
static int case_ok(const np_model *m, np_doc *doc, const np_gz_cand *c, size_t i, np_buf *scratch)
{
    if (!(c->flags & NP_GC_CASE))
        return 1;
    const char *want = np_pool_str(&m->lex.pool, c->casekey), *end = m->lex.pool.buf.data + m->lex.pool.buf.len;
    for (size_t k = 0; k < c->ntok; k++) {
        if (want >= end)
            return 0;
        scratch->len = 0;
        np_token_casekey(doc, &doc->toks[i + k], scratch);
        size_t wl = strlen(want);
        if (wl != scratch->len || memcmp(want, scratch->data, wl) != 0)
            return 0;
        want += wl + 1;
    }
    return 1;
}

/* bin, bint, ibn: "son/daughter of" inside Arabic names */
static int patronymic(const np_doc *doc, size_t i)
{
    const np_token *t = &doc->toks[i];
    return np_tok_key_is(doc, t, "bin") || np_tok_key_is(doc, t, "bint") || np_tok_key_is(doc, t, "ibn");
}

/* Is token p a gazetteer name by itself ("Japan", "Tokyo")? */
static int names_alone(const np_model *m, const np_token *p)
{
    long node = np_gazetteer_first(m->gaz, p->vocab, p->lex);
    size_t count = 0;
    if (node >= 0)
        np_trie_values(&m->gaz->names, (uint32_t)node, &count);
    return count > 0;
}

/* Is token j a word capitalized as a name starts, on the same line? */
static int cap_word_at(const np_doc *doc, size_t j)
{
    return j < doc->ntoks && doc->toks[j].kind == NP_TOK_WORD && (doc->toks[j].flags & NP_TF_CAP) &&
           !(doc->toks[j].flags & NP_TF_NL);
}

/* Does token p start a place or an organization of the gazetteer by
 * itself ("Hamas", "Texas")? A person's family name does not. */
static int names_thing_alone(const np_model *m, const np_token *p)
{
    long node = np_gazetteer_first(m->gaz, p->vocab, p->lex);
    size_t count = 0;
    const uint32_t *vals = node >= 0 ? np_trie_values(&m->gaz->names, (uint32_t)node, &count) : NULL;
    for (size_t k = 0; k < count; k++) {
        const np_gz_cand *c = np_gazetteer_cand(m->gaz, vals[k]);
        if (c && m->gaz->entries[c->entry].type != NP_PERSON)
            return 1;
    }
    return 0;
}

/* A place right before these words is no mention of the place: time-zone
 * residue ("06:00 Moscow time", "Pacific Standard Time") and the names of
 * days and events ("Independence Day", "the Beijing Olympics"). */
static int place_modifier_after(const np_doc *doc, size_t j)
{
    if (j >= doc->ntoks || doc->toks[j].kind != NP_TOK_WORD || (doc->toks[j].flags & NP_TF_NL))
        return 0;
    const np_token *t = &doc->toks[j];
    if (np_tok_key_is(doc, t, "time"))
        return 1;
    if ((np_tok_key_is(doc, t, "standard") || np_tok_key_is(doc, t, "daylight") || np_tok_key_is(doc, t, "summer") ||
         np_tok_key_is(doc, t, "mean")) &&
        j + 1 < doc->ntoks && np_tok_key_is(doc, &doc->toks[j + 1], "time"))
        return 1;
    return (t->lex & NP_LEX_EVENT_HEAD) && (t->flags & NP_TF_CAP) && !(t->flags & NP_TF_ALLCAP);
}

/* "Georgia Smith", "Jordan Okafor": a place name that is also a given name,
 * right before a family name, is a person's given name. */
static int place_given_before_name(const np_model *m, const np_doc *doc, size_t i)
{
    const np_token *t = &doc->toks[i];
    if (!(t->lex & NP_LEX_PLACE_GIVEN) || (t->flags & NP_TF_ALLCAP) || !cap_word_at(doc, i + 1))
        return 0;
    const np_token *n = &doc->toks[i + 1];
    const uint32_t not_name = NP_LEX_COMMON | NP_LEX_TITLE | NP_LEX_FUNCTION | NP_LEX_NAME_STOP | NP_LEX_ORG_HEAD |
                              NP_LEX_PLACE_HEAD | NP_LEX_BUILDING | NP_LEX_EVENT_HEAD | NP_LEX_MONTH |
                              NP_LEX_WEEKDAY | NP_LEX_PLACE_GIVEN;
    if ((n->flags & (NP_TF_ALLCAP | NP_TF_HYPHEN | NP_TF_POSS)) || (n->lex & not_name && !(n->lex & NP_LEX_SURNAME)))
        return 0;
    return (n->lex & NP_LEX_SURNAME) || !names_thing_alone(m, n);
}

/* Names are written with capitals: "move forward" is not the party Move
 * Forward. A family name right after a given name that is not part of the
 * match belongs to someone else ("Yasuhisa Kawamura" is not Takeo
 * Kawamura). */
static int shape_ok(const np_model *m, const np_doc *doc, const np_gz_cand *c, size_t i)
{
    int lower = 1;
    for (size_t k = 0; k < c->ntok; k++)
        if (!(doc->toks[i + k].flags & NP_TF_LOWER) && (doc->toks[i + k].flags & NP_TF_LETTER))
            lower = 0;
    if (lower && !(c->flags & NP_GC_DEMONYM))
        return 0;
    /* "Vladimir Putin" is not the city of Vladimir, nor "[Vladimir] Putin" */
    if (c->ntok == 1 && (doc->toks[i].lex & NP_LEX_GIVEN) && m->gaz->entries[c->entry].type == NP_PLACE) {
        size_t j = i + 1;
        while (j < doc->ntoks && j < i + 3 && doc->toks[j].kind == NP_TOK_PUNCT &&
               strchr(")]", doc->keys.data[doc->toks[j].key]))
            j++;
        /* "Pierre de Coubertin" */
        if (j + 1 < doc->ntoks && (doc->toks[j].lex & NP_LEX_PARTICLE) && (doc->toks[j].flags & NP_TF_LOWER))
            j++;
        if (j < doc->ntoks && (doc->toks[j].flags & NP_TF_CAP) && doc->toks[j].kind == NP_TOK_WORD &&
            !(doc->toks[j].lex & (NP_LEX_FUNCTION | NP_LEX_COMMON | NP_LEX_PLACE_HEAD)))
            return 0;
    }
    if (m->gaz->entries[c->entry].type == NP_PLACE &&
        (place_modifier_after(doc, i + c->ntok) || (c->ntok == 1 && place_given_before_name(m, doc, i))))
        return 0;
    /* "Rima bint Bandar bin Sultan": a name after bin, bint or ibn is a
     * father's, inside someone else's name; so is a one-word place or
     * family name after "X bin" ("Sultan bin Hamdan Al ...") */
    if (i > 0 && patronymic(doc, i - 1) &&
        (m->gaz->entries[c->entry].type == NP_PERSON || (c->ntok == 1 && i > 1 && (doc->toks[i - 2].flags & NP_TF_CAP))))
        return 0;
    /* "Rashid bin Karim": a one-word name before bin, bint or ibn and a
     * capitalized name starts a chain of names (a person's match goes on
     * over it, see np_match_sentence) */
    if (c->ntok == 1 && (m->gaz->entries[c->entry].type != NP_PERSON || (c->flags & NP_GC_FAMILY)) &&
        i + 2 < doc->ntoks && patronymic(doc, i + 1) &&
        (doc->toks[i + 2].flags & NP_TF_CAP))
        return 0;
    /* "Natsuo Yamaguchi", "Maria Lincoln": a one-word place or organization
     * right after a given name is that person's family name */
    if (c->ntok == 1 && m->gaz->entries[c->entry].type != NP_PERSON && !(c->flags & NP_GC_DEMONYM) && i > 0 &&
        !(doc->toks[i].flags & (NP_TF_NL | NP_TF_ALLCAP))) {
        /* over particles: "Jan van der Brugge", "Maria dos Santos" */
        size_t b = i - 1;
        while (b > 0 && i - b < 3 && (doc->toks[b].lex & NP_LEX_PARTICLE) && (doc->toks[b].flags & NP_TF_LOWER))
            b--;
        const np_token *p = &doc->toks[b];
        if ((p->lex & NP_LEX_GIVEN) && p->kind == NP_TOK_WORD && (p->flags & NP_TF_CAP) &&
            !(p->flags & (NP_TF_ALLCAP | NP_TF_POSS)) && !(p->lex & (NP_LEX_TITLE | NP_LEX_HONORIFIC)) &&
            !names_alone(m, p))
            return 0;
    }
    /* "... bin Sultan bin Abdulaziz": a family name "bin Abdulaziz" inside a
     * longer chain of names belongs to that chain */
    if ((c->flags & NP_GC_FAMILY) && i > 0 && (doc->toks[i - 1].flags & NP_TF_CAP) && patronymic(doc, i))
        return 0;
    /* "the Dangote Group" is not Aliko Dangote */
    if ((c->flags & NP_GC_FAMILY) && c->ntok == 1 && i + 1 < doc->ntoks &&
        (doc->toks[i + 1].lex & NP_LEX_ORG_HEAD) && (doc->toks[i + 1].flags & NP_TF_CAP))
        return 0;
    /* "Pavel Orlinsky" is not Petr Pavel: a family name alone followed by
     * another capitalized name word is someone's given name */
    if ((c->flags & NP_GC_FAMILY) && c->ntok == 1 && i + 1 < doc->ntoks) {
        const np_token *n = &doc->toks[i + 1];
        if (i + 2 < doc->ntoks && (n->lex & NP_LEX_PARTICLE) && (n->flags & NP_TF_LOWER))
            n++; /* "Pierre de Coubertin" */
        const uint32_t not_name = NP_LEX_COMMON | NP_LEX_TITLE | NP_LEX_FUNCTION | NP_LEX_NAME_STOP |
                                  NP_LEX_ORG_HEAD | NP_LEX_PLACE_HEAD | NP_LEX_MONTH | NP_LEX_WEEKDAY;
        if (n->kind == NP_TOK_WORD && (n->flags & NP_TF_CAP) && !(n->flags & (NP_TF_ALLCAP | NP_TF_NL)) &&
            !(n->lex & not_name) && !names_alone(m, n))
            return 0;
    }
    if ((c->flags & NP_GC_FAMILY) && i > 0) {
        size_t b = i - 1;
        while (b > 0 && i - b < 3 && (doc->toks[b].lex & NP_LEX_PARTICLE) && (doc->toks[b].flags & NP_TF_LOWER))
            b--;
        const np_token *p = &doc->toks[b];
        const uint32_t not_name = NP_LEX_COMMON | NP_LEX_TITLE | NP_LEX_HONORIFIC | NP_LEX_FUNCTION |
                                  NP_LEX_NAME_STOP | NP_LEX_ABBR_TITLE | NP_LEX_MONTH | NP_LEX_WEEKDAY;
        /* a known given name counts at the start of a paragraph too ("Anna
         * Brown said" opening a document); an unknown word there may be any
         * capitalized first word */
        int given = (p->lex & (NP_LEX_GIVEN | NP_LEX_PLACE_GIVEN)) ||
                    (p->kind == NP_TOK_WORD && !(p->lex & not_name) && !(p->flags & (NP_TF_ALLCAP | NP_TF_PARA)) &&
                     !names_alone(m, p));
        if ((p->flags & NP_TF_CAP) && given && !(doc->toks[i].flags & NP_TF_NL))
            return 0;
    }
    return 1;
}

/* Appends the usable candidates of trie node, len tokens from token i, to
 * sp->cands; returns how many. A candidate names as many tokens as its
 * path has (a damaged compiled model aside). Only sound candidates of
 * sound entries enter sp->cands (gazetteer.h): what reads them later
 * need not check them again. */
static size_t viable(const np_model *m, np_doc *doc, uint32_t node, size_t i, size_t len, np_spans *sp)
{
    const np_gazetteer *g = m->gaz;
    size_t count, n = 0;
    const uint32_t *vals = np_trie_values(&g->names, node, &count);
    for (size_t k = 0; k < count; k++) {
        const np_gz_cand *c = np_gazetteer_cand(g, vals[k]);
        if (!c || c->ntok != len || c->flags & NP_GC_DEAD || !case_ok(m, doc, c, i, &sp->scratch) ||
            !shape_ok(m, doc, c, i) || !np_gazetteer_entry_ok(g, c->entry))
            continue;
        NP_GROW(sp->cands, sp->cands_cap, sp->ncands + 1);
        sp->cands[sp->ncands++] = vals[k];
        n++;
    }
    return n;
}

typedef struct raw_match {
    uint32_t tb, te, node;
} raw_match;

static int by_length(const void *a, const void *b)
{
    const raw_match *x = a, *y = b;
    uint32_t lx = x->te - x->tb, ly = y->te - y->tb;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return x->tb < y->tb ? -1 : x->tb > y->tb;
}

static int by_start(const void *a, const void *b)
{
    const np_span *x = a, *y = b;
    return x->tb < y->tb ? -1 : x->tb > y->tb ? 1 : (x->start > y->start) - (x->start < y->start);
}

static void add_span(np_spans *sp, const np_doc *doc, uint32_t s, uint32_t tb, uint32_t te, size_t cfirst, size_t nc)
{
    np_span *span = np_spans_push(sp);
    span->tb = tb;
    span->te = te;
    span->start = doc->toks[tb].start;
    span->end = doc->toks[te - 1].end;
    span->cstart = doc->toks[tb].cstart;
    span->cend = doc->toks[te - 1].cend;
    if (doc->toks[te - 1].flags & NP_TF_PERIOD && te - tb > 0) {
        /* keep a period that belongs to the name ("U.S."), as written */
    }
    span->sent = s;
    span->cands = (uint32_t)cfirst;
    span->ncands = (uint32_t)nc;
    span->kind = NP_SPAN_GAZ;
}

/* Does the part [p, q) of a token have the capitals that candidate c
 * needs ("US-Venezuelan" is the US, "us-based" is no one)? */
static int part_case_ok(const np_model *m, np_doc *doc, const np_gz_cand *c, size_t p, size_t q, np_spans *sp)
{
    if (!(c->flags & NP_GC_CASE))
        return 1;
    const char *want = np_pool_str(&m->lex.pool, c->casekey);
    np_buf *out = &sp->scratch; /* the part's folded key is no longer needed */
    out->len = 0;
    np_normalize(doc->text + p, q - p, 0, out, &doc->scratch);
    return strlen(want) == out->len && memcmp(want, out->data, out->len) == 0;
}

/* Tries the parts of a hyphenated token t (index i) one by one. */
static void match_parts(const np_model *m, np_doc *doc, uint32_t s, size_t i, np_spans *sp)
{
    const np_token *t = &doc->toks[i];
    const char *text = doc->text;
    size_t p = t->start;
    while (p < t->end) {
        size_t q = p;
        while (q < t->end && text[q] != '-' &&
               !(q + 2 < t->end && (unsigned char)text[q] == 0xE2 && (unsigned char)text[q + 1] == 0x80 &&
                 ((unsigned char)text[q + 2] == 0x90 || (unsigned char)text[q + 2] == 0x91)))
            q++;
        size_t next = q < t->end ? q + (text[q] == '-' ? 1 : 3) : q;
        if (q > p && (unsigned char)text[p] >= 'A' && (unsigned char)text[p] <= 'Z') {
            sp->scratch.len = 0;
            np_normalize(text + p, q - p, 1, &sp->scratch, &doc->scratch);
            uint32_t v = np_lexicon_lookup(&m->lex, sp->scratch.data, sp->scratch.len);
            long node = np_gazetteer_first(m->gaz, v, v ? m->lex.vocab.ents[v - 1].lex : 0);
            if (node >= 0) {
                size_t first = sp->ncands, n = 0;
                size_t count;
                const uint32_t *vals = np_trie_values(&m->gaz->names, (uint32_t)node, &count);
                for (size_t k = 0; k < count; k++) {
                    const np_gz_cand *c = np_gazetteer_cand(m->gaz, vals[k]);
                    if (!c || c->flags & NP_GC_DEAD || c->ntok != 1 || !part_case_ok(m, doc, c, p, q, sp) ||
                        !np_gazetteer_entry_ok(m->gaz, c->entry))
                        continue;
                    NP_GROW(sp->cands, sp->cands_cap, sp->ncands + 1);
                    sp->cands[sp->ncands++] = vals[k];
                    n++;
                }
                if (n) {
                    add_span(sp, doc, s, (uint32_t)i, (uint32_t)i + 1, first, n);
                    np_span *span = &sp->items[sp->n - 1];
                    span->start = (uint32_t)p;
                    span->end = (uint32_t)q;
                    span->cstart = t->cstart + (uint32_t)np_utf8_count(text + t->start, p - t->start);
                    span->cend = span->cstart + (uint32_t)np_utf8_count(text + p, q - p);
                    span->part = 1;
                }
            }
        }
        p = next;
    }
}

void np_match_sentence(const np_model *m, np_doc *doc, uint32_t s, np_spans *sp)
{
    const np_sentence *sent = &doc->sents[s];
    const np_trie *names = &m->gaz->names;
    raw_match *raw = NULL;
    size_t nraw = 0, rawcap = 0;
    for (size_t i = sent->begin; i < sent->end; i++) {
        if (!(doc->toks[i].lex & NP_LEX_NAME_FIRST))
            continue; /* no name starts here */
        uint32_t node = 0;
        raw_match best = {0, 0, 0};
        for (size_t j = i; j < sent->end; j++) {
            const np_token *t = &doc->toks[j];
            if (!t->vocab)
                break;
            long child = np_trie_child(names, node, t->vocab - 1);
            if (child < 0)
                break;
            node = (uint32_t)child;
            size_t count;
            np_trie_values(names, node, &count);
            if (count) {
                best.tb = (uint32_t)i;
                best.te = (uint32_t)j + 1;
                best.node = node;
            }
        }
        if (best.te) {
            NP_GROW(raw, rawcap, nraw + 1);
            raw[nraw++] = best;
        }
    }
    /* Longest first, leftmost among equals; skip overlaps and paths whose
     * candidates all fail (case, replaced entries). */
    np_sort(raw, nraw, sizeof *raw, by_length);
    size_t first_span = sp->n;
    for (size_t k = 0; k < nraw; k++) {
        int free_ = 1;
        for (uint32_t t = raw[k].tb; t < raw[k].te; t++)
            if (sp->covered[t])
                free_ = 0;
        if (!free_)
            continue;
        size_t cfirst = sp->ncands;
        size_t n = viable(m, doc, raw[k].node, raw[k].tb, raw[k].te - raw[k].tb, sp);
        if (!n) {
            /* a shorter prefix may still match: retry from the same start */
            uint32_t node = 0;
            uint32_t best_te = 0, best_node = 0;
            for (uint32_t j = raw[k].tb; j + 1 < raw[k].te; j++) {
                long child = np_trie_child(names, node, doc->toks[j].vocab - 1);
                if (child < 0)
                    break;
                node = (uint32_t)child;
                size_t c0 = sp->ncands;
                if (viable(m, doc, node, raw[k].tb, j + 1 - raw[k].tb, sp)) {
                    best_te = j + 1;
                    best_node = node;
                }
                sp->ncands = c0;
            }
            if (!best_te)
                continue;
            raw[k].te = best_te;
            n = viable(m, doc, best_node, raw[k].tb, best_te - raw[k].tb, sp);
        }
        /* "Faisal bin Farhan bin Abdullah": a person's name goes on over
         * bin/bint/ibn and a capitalized name */
        int people = 1;
        for (size_t q = cfirst; q < cfirst + n; q++)
            people &= m->gaz->entries[m->gaz->cands[sp->cands[q]].entry].type == NP_PERSON;
        while (people && raw[k].te + 1 < sent->end && !sp->covered[raw[k].te] && !sp->covered[raw[k].te + 1] &&
               patronymic(doc, raw[k].te) &&
               (doc->toks[raw[k].te + 1].flags & NP_TF_CAP))
            raw[k].te += 2;
        for (uint32_t t = raw[k].tb; t < raw[k].te; t++)
            sp->covered[t] = 1;
        add_span(sp, doc, s, raw[k].tb, raw[k].te, cfirst, n);
    }
    free(raw);
    /* Parts of hyphenated tokens that matched nothing whole. */
    for (size_t i = sent->begin; i < sent->end; i++)
        if ((doc->toks[i].flags & NP_TF_HYPHEN) && !sp->covered[i])
            match_parts(m, doc, s, i, sp);
    if (sp->n > first_span)
        np_sort(sp->items + first_span, sp->n - first_span, sizeof *sp->items, by_start);
    for (size_t k = first_span; k < sp->n; k++)
        if (!sp->items[k].part)
            for (uint32_t t = sp->items[k].tb; t < sp->items[k].te; t++)
                sp->owner[t] = (uint32_t)k + 1;
}
