/*
 * offices.c: office holders at the document's date, from the gazetteer's
 * dated roles (part of the entity stage).
 *
 * A title before a family name that several people share, or that is a
 * weak alias ("President Bush"), names the candidate who held that office
 * on the document's date (George W. Bush in 2008, George H. W. Bush in
 * 1991). A title with a nationality and no name ("the Indian prime
 * minister", "Germany's chancellor") names the one person who held that
 * office of that country on that date, when the document names nobody
 * else with that role. Without a document date nothing is guessed.
 */
#include "entities_private.h"

#include "titles.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills off (ntoks + 3 entries) and ids so that the spans whose token at
 * (tb when ends is 0, te otherwise) is t are ids[off[t] .. off[t + 1]),
 * in span order: a counting sort whose fill pass turns each token's start
 * into the next token's. */
static void index_by(const np_doc *doc, const np_spans *sp, int ends, uint32_t **off, uint32_t **ids)
{
    size_t n = doc->ntoks + 3;
    uint32_t *o = np_xcalloc(n, sizeof *o);
    for (size_t k = 0; k < sp->n; k++)
        o[(ends ? sp->items[k].te : sp->items[k].tb) + 2]++;
    for (size_t t = 2; t < n; t++)
        o[t] += o[t - 1];
    uint32_t *v = np_xmalloc((sp->n ? sp->n : 1) * sizeof *v);
    for (size_t k = 0; k < sp->n; k++)
        v[o[(ends ? sp->items[k].te : sp->items[k].tb) + 1]++] = (uint32_t)k;
    *off = o;
    *ids = v;
}

void np_span_index_build(np_span_index *ix, const np_doc *doc, const np_spans *sp)
{
    index_by(doc, sp, 0, &ix->tb_off, &ix->tb_ids);
    index_by(doc, sp, 1, &ix->te_off, &ix->te_ids);
}

void np_span_index_free(np_span_index *ix)
{
    free(ix->tb_off);
    free(ix->tb_ids);
    free(ix->te_off);
    free(ix->te_ids);
    memset(ix, 0, sizeof *ix);
}

/* The title item that gazetteer role r's title reads as (model.h:
 * role_titles), or NP_NONE; a compiled model's value is checked here. */
static uint32_t role_title(const np_model *m, size_t r)
{
    uint32_t t = m->role_titles ? m->role_titles[r] : NP_NONE;
    return t < m->titles->n ? t : NP_NONE;
}

/* The role of the title phrase that gazetteer role r's title spells, or
 * the title itself when it is no title phrase. */
static const char *title_role(const np_model *m, size_t r)
{
    uint32_t t = role_title(m, r);
    return t != NP_NONE ? np_model_str(m, m->titles->items[t].role) : np_model_str(m, m->gaz->roles[r].title);
}

/* Was role r held on date d? The day a term ends belongs to the successor. */
static int role_at(const np_gazetteer *g, size_t r, const np_date *d)
{
    if (r >= g->nterms)
        return 0; /* a damaged compiled model */
    const np_gz_term *tm = &g->terms[r];
    if (tm->from_prec < 0 || tm->to_prec < 0)
        return 0;
    if (!d)
        return 1; /* at any time */
    if (tm->from_prec) {
        np_date f = {tm->from_y, tm->from_m, tm->from_d, tm->from_prec};
        if (np_date_cmp(d, &f) < 0)
            return 0;
    }
    if (tm->to_prec) {
        np_date t = {tm->to_y, tm->to_m, tm->to_d, tm->to_prec};
        int c = np_date_cmp(d, &t);
        if (c > 0 || (c == 0 && t.prec == 3 && d->prec == 3))
            return 0;
    }
    return 1;
}

/* The role of entry that reads as want (when NULL: any office of a head
 * of state or government or a monarch), of country cc (any when NULL),
 * held on date d: its index in the role table, or -1. */
static long role_held(const np_model *m, uint32_t entry, const char *want, const char *cc, const np_date *d)
{
    const np_gazetteer *g = m->gaz;
    const np_gz_entry *e = &g->entries[entry];
    for (uint32_t k = 0; k < e->nroles; k++) {
        const np_gz_role *r = &g->roles[e->roles + k];
        long of = np_gazetteer_ref(g, r->of);
        if (cc && (of < 0 || g->entries[of].type != NP_PLACE || strcmp(g->entries[of].country, cc)))
            continue; /* an office of the country itself, not of a body of it */
        size_t ri = e->roles + k;
        if (!role_at(g, ri, d))
            continue;
        if (!want) {
            uint32_t t = role_title(m, ri);
            int cls = t != NP_NONE ? m->titles->items[t].cls : -1;
            if (cls == NP_TC_LEADER || cls == NP_TC_ROYAL)
                return (long)ri;
        } else if (!strcmp(np_model_str(m, r->title), want) || !strcmp(title_role(m, ri), want))
            return (long)ri;
    }
    return -1;
}

static void write_reason(const np_model *m, const np_doc *doc, long role, const char *how, np_buf *why)
{
    const np_gz_role *r = &m->gaz->roles[role];
    long of = np_gazetteer_ref(m->gaz, r->of);
    np_buf_printf(why, "%s: %s of %s", how, np_model_str(m, r->title),
                  of >= 0 ? np_model_str(m, m->gaz->entries[of].id) : "?");
    if (doc->date[0])
        np_buf_printf(why, " on the document's date %s", doc->date);
    /* no further than their 12 bytes: a damaged compiled model's may lack the NUL */
    np_buf_printf(why, " (%.*s to %.*s)", (int)sizeof r->from, r->from[0] ? r->from : "?", (int)sizeof r->to,
                  r->to[0] ? r->to : "now");
}

/* The country of a demonym or country span ("Indian", "India"), or NULL. */
static const char *span_country(const np_model *m, const np_spans *sp, const np_span *o)
{
    if (o->kind != NP_SPAN_GAZ && o->kind != NP_SPAN_DEMONYM)
        return NULL;
    for (uint32_t c = 0; c < o->ncands; c++) {
        const np_gz_cand *cand = &m->gaz->cands[sp->cands[o->cands + c]];
        const np_gz_entry *e = &m->gaz->entries[cand->entry];
        if ((cand->flags & NP_GC_DEMONYM) ||
            (e->type == NP_PLACE && e->subtype && !strcmp(np_model_str(m, e->subtype), "country")))
            return e->country[0] ? e->country : NULL;
    }
    return NULL;
}

/* The country that a demonym or country span ending right before token tb
 * gives ("Indian", "India's"), or NULL. */
static const char *nationality_at(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span_index *ix,
                                  size_t sb, size_t tb)
{
    if (tb <= sb)
        return NULL;
    size_t end = tb;
    if (tb >= sb + 2 && (doc->toks[tb - 1].flags & NP_TF_POSS))
        end = tb - 1;
    for (uint32_t x = ix->te_off[end]; x < ix->te_off[end + 1]; x++) {
        const np_span *o = &sp->items[ix->te_ids[x]];
        const char *cc = o->tb >= sb ? span_country(m, sp, o) : NULL;
        if (cc)
            return cc;
    }
    return NULL;
}

/* Is a title at tokens [tb, te) one that does not name the current holder
 * ("former President", "then-Prime Minister", "President-elect")? */
static int not_current(const np_doc *doc, size_t sb, size_t tb, size_t te)
{
    static const char *const before[] = {"former", "ex", "late", "then", "future", "incoming", NULL};
    for (size_t k = tb > sb + 2 ? tb - 2 : sb; k < tb; k++)
        for (int w = 0; before[w]; w++)
            if (np_tok_key_is(doc, &doc->toks[k], before[w]))
                return 1;
    for (size_t k = tb; k < te; k++) {
        const char *key = np_tok_key(doc, &doc->toks[k]);
        size_t n = doc->toks[k].key_len;
        if ((n >= 5 && !memcmp(key + n - 5, "elect", 5)) || (n >= 9 && !memcmp(key + n - 9, "designate", 9)))
            return 1;
    }
    return 0;
}

/* Are all the candidates of span s people? */
static int only_people(const np_model *m, const np_spans *sp, const np_span *s)
{
    for (uint32_t k = 0; k < s->ncands; k++) {
        const np_gz_cand *c = &m->gaz->cands[sp->cands[s->cands + k]];
        if (!(c->flags & (NP_GC_DEAD | NP_GC_DEMONYM)) && m->gaz->entries[c->entry].type != NP_PERSON)
            return 0;
    }
    return 1;
}

int np_office_holder(const np_model *m, const np_doc *doc, const np_date *d, const np_spans *sp,
                     const np_span_index *ix, const np_span *s, uint32_t *entry, np_buf *why)
{
    if (!s->ncands)
        return 0;
    /* a name that names one entry without doubt needs no date */
    int strong;
    int entries = np_span_entries(m, sp, s, &strong);
    if (entries == 1 && strong)
        return 0;
    const np_sentence *sent = &doc->sents[s->sent];
    size_t tb;
    uint32_t title = np_title_before(m->titles, doc, sent->begin, s->tb, &tb);
    if (title != NP_NONE && not_current(doc, sent->begin, tb, s->tb))
        return 0;
    /* without a date only a title one candidate alone ever held decides
     * ("the Holy Father Francis") */
    if (!d && title == NP_NONE)
        return 0;
    /* with no title, a name several people share ("Bush" in 2005) is the
     * one of them who led a country on that date, if only one did */
    if (title == NP_NONE && (entries < 2 || !only_people(m, sp, s) ||
                             (s->tb > sent->begin && not_current(doc, sent->begin, s->tb, s->tb))))
        return 0;
    const char *want = title == NP_NONE ? NULL : np_model_str(m, m->titles->items[title].role);
    const char *cc = title == NP_NONE ? NULL : nationality_at(m, doc, sp, ix, sent->begin, tb);
    uint32_t found = NP_NONE;
    long role = -1;
    for (uint32_t k = 0; k < s->ncands; k++) {
        const np_gz_cand *c = &m->gaz->cands[sp->cands[s->cands + k]];
        if ((c->flags & (NP_GC_DEAD | NP_GC_DEMONYM)) || m->gaz->entries[c->entry].type != NP_PERSON ||
            c->entry == found)
            continue;
        long r = role_held(m, c->entry, want, cc, d);
        if (r < 0)
            continue;
        if (found != NP_NONE) {
            found = NP_NONE; /* two holders: the date does not decide */
            break;
        }
        found = c->entry;
        role = r;
    }
    if (found == NP_NONE)
        return 0;
    *entry = found;
    why->len = 0;
    write_reason(m, doc, role, d ? "the office holder" : "the one who held the title", why);
    return 1;
}

/* Does the document name a person other than entry whose role the text
 * gives as want (of country cc, or of no country it states)? */
static int other_holder(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span_index *ix,
                        const char *want, const char *cc, uint32_t entry)
{
    for (size_t i = 0; i < doc->nents; i++) {
        const np_entity *e = &doc->ents[i];
        if (e->type == NP_PERSON && e->gz != (long)entry && e->role && !strcmp(e->role, want) &&
            (!e->country[0] || !strcmp(e->country, cc)))
            return 1;
    }
    for (size_t k = 0; k < sp->n; k++) {
        const np_span *o = &sp->items[k];
        if (o->entity == NP_NONE || doc->ents[o->entity].type != NP_PERSON || doc->ents[o->entity].gz == (long)entry)
            continue;
        const np_sentence *sent = &doc->sents[o->sent];
        size_t tb;
        uint32_t t = np_title_before(m->titles, doc, sent->begin, o->tb, &tb);
        if (t == NP_NONE || strcmp(np_model_str(m, m->titles->items[t].role), want))
            continue;
        const char *oc = nationality_at(m, doc, sp, ix, sent->begin, tb);
        if (!oc)
            oc = doc->ents[o->entity].country;
        if (!oc[0] || !strcmp(oc, cc))
            return 1;
    }
    return 0;
}

/* The one person who held role want of country cc (or, cc "", of
 * organization entry org - 1) on date d, or NP_NONE (none, or several);
 * *role is the role that decided. */
static uint32_t sole_holder(const np_model *m, const char *want, const char *cc, uint32_t org, const np_date *d,
                            long *role)
{
    const np_gazetteer *g = m->gaz;
    size_t n;
    const np_gz_office *o = np_gazetteer_offices(g, cc, cc[0] ? 0 : org, &n);
    uint32_t found = NP_NONE;
    for (size_t k = 0; k < n; k++) {
        /* a compiled model's offices are checked here: one of the roles
         * of a sound entry (gazetteer.h) */
        if (!np_gazetteer_entry_ok(g, o[k].entry) || o[k].role < g->entries[o[k].entry].roles ||
            o[k].role - g->entries[o[k].entry].roles >= g->entries[o[k].entry].nroles)
            continue;
        const np_gz_role *r = &g->roles[o[k].role];
        if (o[k].entry == found || !role_at(g, o[k].role, d))
            continue;
        if (strcmp(np_model_str(m, r->title), want) && strcmp(title_role(m, o[k].role), want))
            continue;
        if (found != NP_NONE) {
            found = NP_NONE;
            break;
        }
        found = o[k].entry;
        *role = (long)o[k].role;
    }
    return found;
}

/* A nationality starting at token i: a demonym ("Indian prime minister"),
 * a country with 's ("India's prime minister"; poss set), or an
 * organization ("the UN secretary-general": *org its entry + 1, and ""
 * returned). Returns the country and sets *after to the token after it,
 * or NULL. */
static const char *nationality_from(const np_model *m, const np_doc *doc, const np_spans *sp,
                                    const np_span_index *ix, size_t i, size_t *after, int *poss, uint32_t *org)
{
    for (uint32_t x = ix->tb_off[i]; x < ix->tb_off[i + 1]; x++) {
        const np_span *o = &sp->items[ix->tb_ids[x]];
        const char *cc = span_country(m, sp, o);
        *org = 0;
        if (!cc && o->kind == NP_SPAN_GAZ && o->entity != NP_NONE && doc->ents[o->entity].type == NP_ORG &&
            doc->ents[o->entity].gz >= 0) {
            *org = (uint32_t)doc->ents[o->entity].gz + 1;
            cc = "";
        }
        if (!cc)
            continue;
        *after = o->te;
        *poss = o->te < doc->ntoks && (doc->toks[o->te].flags & NP_TF_POSS);
        *after += (size_t)*poss;
        return cc;
    }
    return NULL;
}

/* A bare title after a nationality at token i of sentence s ("the Indian
 * prime minister", "India's prime minister", no name after it): its tokens
 * [*from, *end), its title and country; or NULL. */
static const char *bare_title(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span_index *ix,
                              uint32_t s, size_t i, size_t *from, size_t *end, uint32_t *title, uint32_t *org)
{
    const np_sentence *sent = &doc->sents[s];
    int the = np_tok_key_is(doc, &doc->toks[i], "the"), poss = 0;
    size_t j = 0;
    *from = the ? i + 1 : i;
    const char *cc = *from < sent->end ? nationality_from(m, doc, sp, ix, *from, &j, &poss, org) : NULL;
    if (!cc || the == poss || j >= sent->end)
        return NULL;
    size_t len = np_title_at(m->titles, doc, j, sent->end, title);
    /* offices one person holds: heads of state and government, monarchs
     * (and the heads of organizations) */
    int cls = len ? m->titles->items[*title].cls : -1;
    if (cls != NP_TC_LEADER && cls != NP_TC_ROYAL && !(cls == NP_TC_OFFICIAL && *org))
        return NULL;
    /* "adviser to the UAE president", "the office of the prime minister":
     * the office, not its holder as an actor */
    static const char *const of[] = {"to", "of", "for", NULL};
    for (int w = 0; of[w] && i > sent->begin; w++)
        if (np_tok_key_is(doc, &doc->toks[i - 1], of[w]))
            return NULL;
    size_t e = j + len;
    for (size_t k = j; k < e; k++)
        if (sp->covered[k])
            return NULL;
    if (e < sent->end && (sp->covered[e] || (doc->toks[e].flags & (NP_TF_CAP | NP_TF_ALLCAP)) ||
                          np_tok_key_is(doc, &doc->toks[e], "of")))
        return NULL; /* a name (or "of ...") follows: not a bare title */
    if (not_current(doc, sent->begin, j, e))
        return NULL;
    *end = e;
    return cc;
}

/* The holders already looked up in one document: an office (role,
 * country, organization) and its one holder there, or NP_NONE. The
 * gazetteer and the document's other holders are scanned once per office,
 * not once per mention, so a long document stays linear. */
typedef struct {
    const char *want, *cc;
    uint32_t org, holder;
    long role;
} office_seen;

static uint32_t document_holder(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span_index *ix,
                                const np_date *d, office_seen *seen, size_t *nseen, size_t cap, const char *want,
                                const char *cc, uint32_t org, long *role)
{
    for (size_t k = 0; k < *nseen; k++)
        if (seen[k].org == org && !strcmp(seen[k].want, want) && !strcmp(seen[k].cc, cc)) {
            *role = seen[k].role;
            return seen[k].holder;
        }
    uint32_t holder = sole_holder(m, want, cc, org, d, role);
    if (holder != NP_NONE && other_holder(m, doc, sp, ix, want, cc, holder))
        holder = NP_NONE;
    if (*nseen < cap)
        seen[(*nseen)++] = (office_seen){want, cc, org, holder, *role};
    return holder;
}

void np_find_office_references(const np_model *m, np_doc *doc, np_spans *sp)
{
    np_date d;
    if (!doc->date[0] || np_date_parse(doc->date, &d) < 0)
        return;
    np_span_index ix;
    np_span_index_build(&ix, doc, sp);
    office_seen seen[32];
    size_t nseen = 0;
    np_buf why = {0};
    for (uint32_t s = 0; s < doc->nsents; s++) {
        const np_sentence *sent = &doc->sents[s];
        for (size_t i = sent->begin; i + 1 < sent->end; i++) {
            /* a nationality starts at i or, after "the", at i + 1 */
            if (ix.tb_off[i] == ix.tb_off[i + 1] && ix.tb_off[i + 1] == ix.tb_off[i + 2])
                continue;
            size_t from, e;
            uint32_t title, org;
            const char *cc = bare_title(m, doc, sp, &ix, s, i, &from, &e, &title, &org);
            if (!cc)
                continue;
            const char *want = np_model_str(m, m->titles->items[title].role);
            long role = -1;
            uint32_t holder = document_holder(m, doc, sp, &ix, &d, seen, &nseen, sizeof seen / sizeof *seen, want,
                                              cc, org, &role);
            if (holder == NP_NONE)
                continue;
            np_span *o = np_spans_push(sp);
            o->tb = (uint32_t)from;
            o->te = (uint32_t)e;
            o->start = doc->toks[from].start;
            int period = (doc->toks[e - 1].flags & NP_TF_PERIOD) != 0;
            o->end = doc->toks[e - 1].end - (uint32_t)period;
            o->cstart = doc->toks[from].cstart;
            o->cend = doc->toks[e - 1].cend - (uint32_t)period;
            o->sent = s;
            o->kind = NP_SPAN_NAME;
            o->type = NP_PERSON;
            o->how = NP_HOW_REFERENCE;
            o->title = title;
            o->holder = holder + 1;
            o->why = "the office holder at the document's date";
            why.len = 0;
            write_reason(m, doc, role, "the office holder", &why);
            o->reason = np_xstrdup(why.data);
            i = e - 1;
        }
    }
    np_buf_free(&why);
    np_span_index_free(&ix);
}
