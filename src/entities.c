/*
 * entities.c: the entity stage (see entities.h): runs the matcher and the
 * cue finder over a segment, then resolves every span to one document
 * entity and records the mentions.
 *
 * Resolution order: names with one strong candidate first (they introduce
 * entities), then ambiguous names (scored with the document as context),
 * then weak names (family names that need an introduction), then names
 * found from cues, then single capitalized words that repeat the family or
 * given name of a person the document introduced, then acronyms the text
 * defines ("Democratic Republic of Congo (DRC)").
 */
#include "entities_private.h"

#include "titles.h"
#include "tokenizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the document's entities ---- */

struct np_name_slot {
    char *key;          /* borrowed from the entity */
    uint32_t entity;    /* entity index */
    uint32_t count;     /* how many people share the key */
};

/* An index of people by the key of their family or given name. */
typedef struct np_name_index {
    struct np_name_slot *slots;
    size_t n, cap;          /* cap: power of two */
} np_name_index;

struct np_entities_ctx {
    np_name_index families, givens;
};

static void index_free(np_name_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

static struct np_name_slot *index_slot(const np_name_index *ix, const char *key, size_t n)
{
    if (!ix->cap)
        return NULL;
    size_t mask = ix->cap - 1, s = np_hash(key, n) & mask;
    while (ix->slots[s].key) {
        if (strlen(ix->slots[s].key) == n && memcmp(ix->slots[s].key, key, n) == 0)
            return &ix->slots[s];
        s = (s + 1) & mask;
    }
    return &ix->slots[s];
}

static void index_add(np_name_index *ix, char *key, uint32_t entity)
{
    if (!key)
        return;
    if ((ix->n + 1) * 2 > ix->cap) {
        struct np_name_slot *old = ix->slots;
        size_t oldcap = ix->cap;
        ix->cap = ix->cap ? ix->cap * 2 : 64;
        ix->slots = np_xcalloc(ix->cap, sizeof *ix->slots);
        ix->n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key) {
                *index_slot(ix, old[i].key, strlen(old[i].key)) = old[i];
                ix->n++;
            }
        free(old);
    }
    struct np_name_slot *s = index_slot(ix, key, strlen(key));
    if (s->key) {
        if (s->entity != entity)
            s->count++;
        s->entity = entity;
        return;
    }
    s->key = key;
    s->entity = entity;
    s->count = 1;
    ix->n++;
}

np_entities_ctx *np_entities_begin(void)
{
    return np_xcalloc(1, sizeof(np_entities_ctx));
}

void np_entities_end(np_entities_ctx *ext)
{
    if (!ext)
        return;
    index_free(&ext->families);
    index_free(&ext->givens);
    free(ext);
}

static void slot_insert(np_doc *doc, uint32_t e)
{
    size_t mask = doc->nent_slots - 1, s = np_hash(doc->ents[e].id, strlen(doc->ents[e].id)) & mask;
    while (doc->ent_slots[s])
        s = (s + 1) & mask;
    doc->ent_slots[s] = e + 1;
}

/* The key of the first and the last word of a person's name, in the
 * document's strings: a gazetteer entry's (gz >= 0) as the model stores
 * them, else made from name. */
static void name_keys(const np_model *m, np_doc *doc, long gz, const char *name, char **given_key, char **family_key)
{
    if (gz >= 0) {
        const np_gz_entry *g = &m->gaz->entries[gz];
        *given_key = g->given_key ? np_arena_strdup(&doc->strs, np_model_str(m, g->given_key)) : NULL;
        *family_key = g->family_key ? np_arena_strdup(&doc->strs, np_model_str(m, g->family_key)) : NULL;
        return;
    }
    char *gk, *fk;
    np_gz_person_keys(&m->lex, name, NULL, &gk, &fk);
    *given_key = gk ? np_arena_strdup(&doc->strs, gk) : NULL;
    *family_key = fk ? np_arena_strdup(&doc->strs, fk) : NULL;
    free(gk);
    free(fk);
}

/* Finds or makes the entity with this id. */
static uint32_t get_entity(const np_model *m, np_doc *doc, np_entities_ctx *ext, const char *id, long gz, int type, const char *label,
                           const char *subtype, uint32_t sent)
{
    /* a gazetteer entry's entity is found by the entry; the id is looked
     * up once, as a name found in the text may have made it */
    uint32_t known = gz >= 0 ? np_u64map_get(&doc->ent_of_entry, (uint64_t)gz) : 0;
    if (known)
        return known - 1;
    long found = np_doc_entity(doc, id);
    if (found >= 0) {
        if (gz >= 0)
            np_u64map_put(&doc->ent_of_entry, (uint64_t)gz, (uint32_t)found + 1);
        return (uint32_t)found;
    }
    if ((doc->nents + 1) * 2 > doc->nent_slots) {
        free(doc->ent_slots);
        doc->nent_slots = doc->nent_slots ? doc->nent_slots * 2 : 64;
        doc->ent_slots = np_xcalloc(doc->nent_slots, sizeof *doc->ent_slots);
        for (size_t i = 0; i < doc->nents; i++)
            slot_insert(doc, (uint32_t)i);
    }
    NP_GROW(doc->ents, doc->ents_cap, doc->nents + 1);
    np_entity *e = &doc->ents[doc->nents];
    memset(e, 0, sizeof *e);
    e->gz = gz;
    e->type = type;
    e->id = np_arena_strdup(&doc->strs, id);
    e->label = np_arena_strdup(&doc->strs, label);
    e->subtype = subtype && *subtype ? np_arena_strdup(&doc->strs, subtype) : NULL;
    e->first_sent = sent;
    if (type == NP_PERSON) {
        name_keys(m, doc, gz, label, &e->given, &e->family);
        index_add(&ext->families, e->family, (uint32_t)doc->nents);
        index_add(&ext->givens, e->given, (uint32_t)doc->nents);
    }
    slot_insert(doc, (uint32_t)doc->nents);
    if (gz >= 0)
        np_u64map_put(&doc->ent_of_entry, (uint64_t)gz, (uint32_t)doc->nents + 1);
    return (uint32_t)doc->nents++;
}

static uint32_t gz_entity(const np_model *m, np_doc *doc, np_entities_ctx *ext, uint32_t entry, uint32_t sent)
{
    const np_gz_entry *g = &m->gaz->entries[entry];
    return get_entity(m, doc, ext, np_model_str(m, g->id), entry, g->type, np_model_str(m, g->name),
                      g->subtype ? np_model_str(m, g->subtype) : NULL, sent);
}

/* A derived id: TYPE:slug of the label (ASCII letters and digits kept,
 * accents stripped, the rest turned into single hyphens). */
static char *derived_id(int type, const char *label)
{
    char *key = np_normalize_dup(label, strlen(label), 1);
    np_buf b = {0};
    np_buf_adds(&b, np_etype_prefix(type));
    np_buf_addc(&b, ':');
    size_t start = b.len;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80) {
            if (dash && b.len > start)
                np_buf_addc(&b, '-');
            dash = 0;
            np_buf_addc(&b, (char)*p);
        } else
            dash = 1;
    }
    if (b.len == start)
        np_buf_printf(&b, "x%016llx", (unsigned long long)np_hash(label, strlen(label)));
    free(key);
    return np_buf_steal(&b);
}

/* The label of a name found in the text: as written, except that words
 * in capitals become capitalized (PETER FOLEY → Peter Foley), but for an
 * organization's one word in capitals, an acronym (TDI). */
static char *derived_label(const np_doc *doc, const np_span *s)
{
    const char *t = doc->text + s->start;
    size_t n = s->end - s->start;
    int upper = 0, lower = 0, space = 0;
    for (size_t i = 0; i < n; i++) {
        upper += t[i] >= 'A' && t[i] <= 'Z';
        lower += t[i] >= 'a' && t[i] <= 'z';
        space |= t[i] == ' ' || t[i] == '\n';
    }
    if (s->kind == NP_SPAN_NAME && s->type == NP_ORG && !space)
        upper = 0;
    char *label = np_xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && o && label[o - 1] == ' ')
            continue;
        if (upper >= 3 && lower == 0 && c >= 'A' && c <= 'Z' && i > 0 && t[i - 1] != ' ' && t[i - 1] != '-')
            c = (char)(c + 32);
        label[o++] = c;
    }
    label[o] = '\0';
    return label;
}

/* ---- the document context used to choose among candidates ---- */

typedef struct context {
    char (*countries)[4];   /* countries the text names or implies */
    size_t ncountries, cap;
    np_u64map entries;      /* gazetteer entries the text names unambiguously (value 1) */
    np_u64map inside;       /* entry -> the first of those located in it (index + 1) */
} context;

static void ctx_add_country(context *c, const char *cc)
{
    if (!cc[0])
        return;
    for (size_t i = 0; i < c->ncountries; i++)
        if (!strcmp(c->countries[i], cc))
            return;
    NP_GROW(c->countries, c->cap, c->ncountries + 1);
    memcpy(c->countries[c->ncountries++], cc, 4);
}

static int ctx_has_country(const context *c, const char *cc)
{
    for (size_t i = 0; cc[0] && i < c->ncountries; i++)
        if (!strcmp(c->countries[i], cc))
            return 1;
    return 0;
}

static void ctx_add_entry(context *c, const np_model *m, uint32_t e)
{
    if (np_u64map_get(&c->entries, e))
        return;
    np_u64map_put(&c->entries, e, 1);
    uint32_t in = m->gaz->entries[e].located_in;
    if (in && !np_u64map_get(&c->inside, in - 1))
        np_u64map_put(&c->inside, in - 1, e + 1);
    ctx_add_country(c, m->gaz->entries[e].country);
}

static int ctx_has_entry(const context *c, uint32_t e)
{
    return np_u64map_get(&c->entries, e) != 0;
}

/* ---- choosing among candidates ---- */

static int usable(const np_model *m, const np_doc *doc, const np_gz_cand *c)
{
    if (c->flags & (NP_GC_DEAD | NP_GC_DEMONYM))
        return 0;
    if (!(c->flags & NP_GC_WEAK))
        return 1;
    return np_doc_entity(doc, np_model_str(m, m->gaz->entries[c->entry].id)) >= 0;
}

static int prev_word_is(const np_doc *doc, const np_span *s, const char *const *words)
{
    const np_sentence *sent = &doc->sents[s->sent];
    if (s->tb <= sent->begin)
        return 0;
    const np_token *p = &doc->toks[s->tb - 1];
    for (int i = 0; words[i]; i++)
        if (np_tok_key_is(doc, p, words[i]))
            return 1;
    return 0;
}

static double score_cand(const np_model *m, const np_doc *doc, const context *ctx,
                         const np_span *s, const np_gz_cand *c, np_buf *why)
{
    static const char *place_preps[] = {"in", "at", "from", "to", "near", "across", "outside", "inside", "into", NULL};
    const np_gz_entry *e = &m->gaz->entries[c->entry];
    double score = e->prior;
    np_buf_printf(why, "%s: prior %.1f", np_model_str(m, e->id), e->prior);
    if (np_doc_entity(doc, np_model_str(m, e->id)) >= 0) {
        score += 20;
        np_buf_adds(why, ", +20 named before");
    }
    if (c->flags & NP_GC_NAME) {
        score += 0.5;
        np_buf_adds(why, ", +0.5 its name");
    }
    if (s->title != NP_NONE) {
        double d = e->type == NP_PERSON ? 8 : -5;
        score += d;
        np_buf_printf(why, ", %+g after a title", d);
    } else if (prev_word_is(doc, s, place_preps) && e->type == NP_PLACE) {
        score += 3;
        np_buf_adds(why, ", +3 after a place preposition");
    }
    if (e->type == NP_PLACE && s->te < doc->sents[s->sent].end) {
        const np_token *n = &doc->toks[s->te];
        if (n->kind == NP_TOK_PUNCT && n->end - n->start == 1 && doc->text[n->start] == '-' ) {
            score += 1; /* X-based */
        }
    }
    if (e->country[0] && ctx_has_country(ctx, e->country) && !(e->type == NP_PLACE && e->subtype &&
                                                               !strcmp(np_model_str(m, e->subtype), "country"))) {
        score += 2;
        np_buf_printf(why, ", +2 %s in the text", e->country);
    }
    /* "the state of Georgia", "Punjab province" */
    if (e->type == NP_PLACE && e->subtype && !strcmp(np_model_str(m, e->subtype), "subdivision")) {
        static const char *const units[] = {"state", "province", "prefecture", "oblast", "region", "county",
                                            "territory", NULL};
        const np_sentence *sent = &doc->sents[s->sent];
        int cue = 0;
        for (int k = 0; units[k] && !cue; k++)
            cue = (s->tb >= sent->begin + 2 && np_tok_key_is(doc, &doc->toks[s->tb - 1], "of") &&
                   np_tok_key_is(doc, &doc->toks[s->tb - 2], units[k])) ||
                  (s->te < sent->end && np_tok_key_is(doc, &doc->toks[s->te], units[k]));
        if (cue) {
            score += 6;
            np_buf_adds(why, ", +6 named as a state or province");
        }
    }
    if (e->located_in && ctx_has_entry(ctx, e->located_in - 1)) {
        score += 2;
        np_buf_printf(why, ", +2 %s in the text", np_model_str(m, m->gaz->entries[e->located_in - 1].id));
    }
    uint32_t inner = np_u64map_get(&ctx->inside, c->entry);
    if (inner) {
        score += 3;
        np_buf_printf(why, ", +3 %s (inside it) in the text", np_model_str(m, m->gaz->entries[inner - 1].id));
    }
    if (e->capital && ctx_has_entry(ctx, e->capital - 1)) {
        score += 2;
        np_buf_printf(why, ", +2 its capital in the text");
    }
    np_buf_printf(why, " = %.1f", score);
    return score;
}

/* Sets *entry to the best usable candidate of a gazetteer span and returns
 * 1, or returns 0 when none is usable; appends the reasons to why. */
static int choose(const np_model *m, const np_doc *doc, const context *ctx, const np_spans *sp,
                  const np_span *s, uint32_t *entry, np_buf *why)
{
    const np_gazetteer *g = m->gaz;
    double best = -INFINITY;
    int found = 0, distinct = 0;
    uint32_t first = NP_NONE;
    for (uint32_t k = 0; k < s->ncands; k++) {
        const np_gz_cand *c = &g->cands[sp->cands[s->cands + k]];
        if (!usable(m, doc, c))
            continue;
        if (first == NP_NONE)
            first = c->entry;
        else if (c->entry != first)
            distinct = 1;
    }
    if (first == NP_NONE)
        return 0;
    if (!distinct) {
        *entry = first;
        return 1;
    }
    np_buf_adds(why, "ambiguous: ");
    for (uint32_t k = 0; k < s->ncands; k++) {
        const np_gz_cand *c = &g->cands[sp->cands[s->cands + k]];
        if (!usable(m, doc, c))
            continue;
        if (found)
            np_buf_adds(why, "; ");
        double sc = score_cand(m, doc, ctx, s, c, why);
        if (sc > best) {
            best = sc;
            *entry = c->entry;
        }
        found = 1;
    }
    /* "Royal Palace", "Government House": a building of a country the text
     * does not name is more likely another building of that name */
    const np_gz_entry *e = &g->entries[*entry];
    const char *st = e->subtype ? np_model_str(m, e->subtype) : "";
    if (found && e->type == NP_PLACE && (!strcmp(st, "building") || !strcmp(st, "site")) && e->country[0] &&
        !ctx_has_country(ctx, e->country)) {
        np_buf_adds(why, "; none is in a country the text names");
        return 0;
    }
    return found;
}

/* ---- mentions ---- */

static void add_mention(np_doc *doc, const np_span *s, uint32_t entity, int how)
{
    NP_GROW(doc->ments, doc->ments_cap, doc->nments + 1);
    np_mention *mt = &doc->ments[doc->nments++];
    memset(mt, 0, sizeof *mt);
    mt->start = s->start;
    mt->end = s->end;
    mt->cstart = s->cstart;
    mt->cend = s->cend;
    mt->sent = doc->sent_base + s->sent;
    mt->entity = entity;
    mt->tb = s->tb;
    mt->te = s->te;
    mt->title = s->title;
    mt->title_tb = s->title_tb < s->tb ? s->title_tb : s->tb;
    mt->how = (uint8_t)how;
    doc->ents[entity].nmentions++;
}

static void set_why(np_doc *doc, np_entity *e, const char *why)
{
    if (!e->why && why && *why)
        e->why = np_arena_strdup(&doc->strs, why);
}

/* The nationality a demonym or a possessive country gives the tokens right
 * before tb ("Russian Foreign Minister", "Japan’s PM"). */
static const char *nationality_before(const np_model *m, const np_doc *doc, const np_spans *sp,
                                      const uint32_t *ending, size_t sb, size_t tb)
{
    if (tb <= sb)
        return NULL;
    uint32_t k = ending[tb - 1];
    if (!k && tb >= sb + 2 && (doc->toks[tb - 1].flags & NP_TF_POSS))
        k = ending[tb - 2]; /* Japan’s PM */
    if (!k)
        return NULL;
    const np_span *o = &sp->items[k - 1];
    for (uint32_t c = 0; c < o->ncands; c++) {
        const np_gz_cand *cand = &m->gaz->cands[sp->cands[o->cands + c]];
        const np_gz_entry *e = &m->gaz->entries[cand->entry];
        if ((cand->flags & NP_GC_DEMONYM) ||
            (e->type == NP_PLACE && e->subtype && !strcmp(np_model_str(m, e->subtype), "country")))
            return e->country;
    }
    return NULL;
}

/* The country a span of the sorted spans, from index k on, that starts at
 * token tb names ("Peru" of "Foreign Minister of Peru"), or NULL. */
static const char *country_starting(const np_model *m, const np_spans *sp, size_t k, size_t tb)
{
    for (; k < sp->n && sp->items[k].tb <= tb; k++) {
        const np_span *o = &sp->items[k];
        for (uint32_t c = 0; o->tb == tb && o->kind == NP_SPAN_GAZ && c < o->ncands; c++) {
            const np_gz_entry *e = &m->gaz->entries[m->gaz->cands[sp->cands[o->cands + c]].entry];
            if (e->type == NP_PLACE && e->subtype && !strcmp(np_model_str(m, e->subtype), "country"))
                return e->country;
        }
    }
    return NULL;
}

/* An appositive title right after a person's name ("X, Special Envoy of
 * the EU for the Horn of Africa,", "X, the foreign minister of Peru,"):
 * the title, with *cc the country after its "of" (or NULL); NP_NONE when
 * none. k is the person's span among the sorted spans. */
static uint32_t title_after(const np_model *m, const np_doc *doc, const np_spans *sp, size_t k, const char **cc)
{
    const np_span *s = &sp->items[k];
    const np_sentence *sent = &doc->sents[s->sent];
    size_t j = s->te;
    *cc = NULL;
    if (j + 2 >= sent->end || !np_tok_key_is(doc, &doc->toks[j], ","))
        return NP_NONE;
    j++;
    if (np_tok_key_is(doc, &doc->toks[j], "the"))
        j++;
    uint32_t title;
    size_t len = np_title_at(m->titles, doc, j, sent->end, &title);
    if (!len)
        return NP_NONE;
    j += len;
    if (j + 1 < sent->end && np_tok_key_is(doc, &doc->toks[j], "of")) {
        j++;
        if (j + 1 < sent->end && np_tok_key_is(doc, &doc->toks[j], "the"))
            j++;
        *cc = country_starting(m, sp, k + 1, j);
    }
    return title;
}

/* Gives a person the role and nationality the text states next to it:
 * the titles before the name, stacked or joined ("Pakistan's Chief of
 * Army Staff General X", "Saudi Crown Prince and Prime Minister X": the
 * first is the role, the nationality stands before it), else an
 * appositive title after it. k is s's index among the sorted spans. */
static void note_role(const np_model *m, np_doc *doc, const np_spans *sp, const uint32_t *ending, size_t k,
                      uint32_t entity)
{
    np_entity *e = &doc->ents[entity];
    np_span *s = &sp->items[k];
    if (e->type != NP_PERSON)
        return;
    const np_sentence *sent = &doc->sents[s->sent];
    size_t tb = s->tb;
    uint32_t near = np_title_before(m->titles, doc, sent->begin, s->tb, &tb);
    if (near == NP_NONE)
        tb = s->tb;
    if (s->title == NP_NONE)
        s->title = near;
    uint32_t first = s->title;
    for (int hop = 0; near != NP_NONE && hop < 3; hop++) {
        size_t at = tb;
        if (at > sent->begin + 1 &&
            (np_tok_key_is(doc, &doc->toks[at - 1], "and") || np_tok_key_is(doc, &doc->toks[at - 1], "&")))
            at--;
        size_t tb2;
        uint32_t t2 = np_title_before(m->titles, doc, sent->begin, at, &tb2);
        if (t2 == NP_NONE || tb2 >= at)
            break;
        first = t2;
        tb = tb2;
    }
    const char *cc = NULL;
    if (first != NP_NONE)
        s->title_tb = (uint32_t)tb;
    if (first == NP_NONE) {
        first = title_after(m, doc, sp, k, &cc);
        if (first == NP_NONE)
            return;
    } else
        cc = nationality_before(m, doc, sp, ending, sent->begin, tb);
    const np_title *t = &m->titles->items[first];
    if (!e->role && t->cls != NP_TC_FAMILY && strcmp(np_model_str(m, t->role), "counterpart"))
        e->role = np_arena_strdup(&doc->strs, np_model_str(m, t->role));
    if (cc && !e->country[0])
        memcpy(e->country, cc, 3);
}

/* ---- variants: family names, given names, acronyms ---- */

/* The person the document introduced whose family (or else given) name has
 * this key, or NP_NONE when there is none or more than one. */
static uint32_t person_by_name(const np_entities_ctx *ext, const char *key, size_t n, int *how)
{
    const struct np_name_slot *s = index_slot(&ext->families, key, n);
    if (s && s->key) {
        if (s->count != 1)
            return NP_NONE;
        *how = NP_HOW_FAMILY;
        return s->entity;
    }
    s = index_slot(&ext->givens, key, n);
    if (s && s->key && s->count == 1) {
        *how = NP_HOW_GIVEN;
        return s->entity;
    }
    return NP_NONE;
}

static int is_capword(const np_token *t)
{
    return t->kind == NP_TOK_WORD && (t->flags & (NP_TF_CAP | NP_TF_ALLCAP)) && !(t->flags & NP_TF_POSS) &&
           (t->flags & NP_TF_LETTER) && !(t->lex & NP_LEX_NAME_STOP);
}

/* Single capitalized words that repeat a person's family or given name. */
static void find_variants(np_entities_ctx *ext, np_doc *doc, np_spans *sp)
{
    for (uint32_t s = 0; s < doc->nsents; s++) {
        const np_sentence *sent = &doc->sents[s];
        for (size_t i = sent->begin; i < sent->end; i++) {
            const np_token *t = &doc->toks[i];
            if (sp->covered[i] || !is_capword(t))
                continue;
            /* a longer run of capitals is some other name */
            int prev_cap = i > sent->begin && !sp->covered[i - 1] && is_capword(&doc->toks[i - 1]) &&
                           !(doc->toks[i - 1].lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE | NP_LEX_TITLE | NP_LEX_FUNCTION));
            int next_cap = i + 1 < sent->end && !sp->covered[i + 1] && is_capword(&doc->toks[i + 1]) &&
                           !(doc->toks[i + 1].lex & (NP_LEX_FUNCTION | NP_LEX_COMMON));
            if (prev_cap || next_cap)
                continue;
            int how;
            uint32_t e = person_by_name(ext, np_tok_key(doc, t), t->key_len, &how);
            if (e == NP_NONE)
                continue;
            np_span *span = np_spans_push(sp);
            span->tb = (uint32_t)i;
            span->te = (uint32_t)i + 1;
            span->start = t->start;
            span->end = t->end - ((t->flags & NP_TF_PERIOD) ? 1 : 0);
            span->cstart = t->cstart;
            span->cend = t->cend - ((t->flags & NP_TF_PERIOD) ? 1 : 0);
            span->sent = s;
            span->kind = NP_SPAN_NAME;
            span->type = NP_PERSON;
            span->how = (uint8_t)how;
            span->why = how == NP_HOW_FAMILY ? "the family name of a person named before" : "the given name of a person named before";
            span->entity = e;
            sp->covered[i] = 1;
        }
    }
}

/* Short forms: a word in capitals that stands for an entity the text
 * names, by its (lowercase) key. The table is filled first and the tokens
 * are then read once, so the cost stays linear however many short forms a
 * long document defines. */
typedef struct {
    char key[9];
    uint32_t entity;
    const char *why;
} short_form;

typedef struct {
    short_form *slots;
    size_t n, cap; /* cap: a power of two, or 0 */
} short_forms;

static short_form *short_form_slot(const short_forms *t, const char *key, size_t n)
{
    size_t mask = t->cap - 1, i = np_hash(key, n) & mask;
    while (t->slots[i].key[0] && (strlen(t->slots[i].key) != n || memcmp(t->slots[i].key, key, n)))
        i = (i + 1) & mask;
    return &t->slots[i];
}

/* Adds key (at most 8 bytes) for entity unless a short form already has
 * it: the first definition wins. */
static void short_form_add(short_forms *t, const char *key, size_t n, uint32_t entity, const char *why)
{
    if ((t->n + 1) * 2 > t->cap) {
        short_forms grown = {np_xcalloc(t->cap ? t->cap * 2 : 16, sizeof *grown.slots), 0, t->cap ? t->cap * 2 : 16};
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].key[0]) {
                *short_form_slot(&grown, t->slots[i].key, strlen(t->slots[i].key)) = t->slots[i];
                grown.n++;
            }
        free(t->slots);
        *t = grown;
    }
    short_form *f = short_form_slot(t, key, n);
    if (f->key[0])
        return;
    memcpy(f->key, key, n);
    f->key[n] = '\0';
    f->entity = entity;
    f->why = why;
    t->n++;
}

/* "Democratic Republic of Congo (DRC)": the acronym names the same
 * entity, there and wherever it recurs. */
static void add_defined_acronyms(const np_doc *doc, const np_spans *sp, short_forms *t)
{
    for (size_t k = 0; k < sp->n; k++) {
        const np_span *s = &sp->items[k];
        if (s->entity == NP_NONE || s->te + 2 >= doc->ntoks)
            continue;
        const np_token *open = &doc->toks[s->te], *acr = &doc->toks[s->te + 1], *close = &doc->toks[s->te + 2];
        if (open->end - open->start != 1 || doc->text[open->start] != '(' || close->end - close->start != 1 ||
            doc->text[close->start] != ')' || !(acr->flags & NP_TF_ALLCAP) || acr->kind != NP_TOK_WORD ||
            acr->key_len < 2 || acr->key_len > 8 || sp->covered[s->te + 1] || s->te - s->tb < 2)
            continue;
        /* its first letter must be the first letter of the name */
        if ((doc->text[acr->start] | 0x20) != (doc->text[s->start] | 0x20))
            continue;
        short_form_add(t, np_tok_key(doc, acr), acr->key_len, s->entity, "an acronym the text defines");
    }
}

/* The initials of an organization's label ("Ladakh Buddhist Association"
 * gives "lba"), capitalized words only, into out (cap bytes); 0 if none. */
static size_t org_initials(const char *label, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = label; *p; p++) {
        if (p != label && p[-1] != ' ' && p[-1] != '-')
            continue;
        if (*p < 'A' || *p > 'Z')
            continue; /* of, and, the, for */
        if (n + 1 >= cap)
            return 0;
        out[n++] = (char)(*p + 32);
    }
    out[n] = '\0';
    return n;
}

/* "Ladakh Buddhist Association … the President LBA": a word in capitals
 * that spells the initials of an organization the text named (three
 * letters or more) is that organization. */
static void add_initialisms(const np_doc *doc, short_forms *t)
{
    for (size_t e = 0; e < doc->nents; e++) {
        char ini[9];
        size_t n = doc->ents[e].type == NP_ORG ? org_initials(doc->ents[e].label, ini, sizeof ini) : 0;
        if (n >= 3)
            short_form_add(t, ini, n, (uint32_t)e, "the initials of an organization the text names");
    }
}

/* Every word in capitals not covered yet that is a short form becomes a
 * mention of its entity. */
static void find_short_forms(np_doc *doc, np_spans *sp)
{
    short_forms t = {0};
    add_defined_acronyms(doc, sp, &t);
    add_initialisms(doc, &t);
    uint32_t sent = 0;
    for (size_t i = 0; t.n && i < doc->ntoks; i++) {
        const np_token *tok = &doc->toks[i];
        while (sent + 1 < doc->nsents && doc->sents[sent].end <= i)
            sent++;
        if (sp->covered[i] || !(tok->flags & NP_TF_ALLCAP) || tok->key_len < 2 || tok->key_len > 8)
            continue;
        const short_form *f = short_form_slot(&t, np_tok_key(doc, tok), tok->key_len);
        if (!f->key[0])
            continue;
        np_span *a = np_spans_push(sp);
        a->tb = (uint32_t)i;
        a->te = (uint32_t)i + 1;
        a->start = tok->start;
        a->end = tok->end;
        a->cstart = tok->cstart;
        a->cend = tok->cend;
        a->sent = sent;
        a->kind = NP_SPAN_NAME;
        a->type = (uint8_t)doc->ents[f->entity].type;
        a->how = NP_HOW_ACRONYM;
        a->why = f->why;
        a->entity = f->entity;
        sp->covered[i] = 1;
    }
    free(t.slots);
}

/* ---- the stage ---- */

static int by_position(const void *a, const void *b)
{
    const np_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

static const char *how_name(int how)
{
    static const char *names[] = {"name", "family name", "given name", "title", "given-name cue", "pattern", "acronym",
                                  "reference"};
    return how >= 0 && how <= NP_HOW_REFERENCE ? names[how] : "?";
}

static void write_mention(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span *s, const char *why,
                          np_jw *trace)
{
    const np_entity *e = &doc->ents[s->entity];
    np_jw_obj(trace);
    np_jw_key(trace, "document");
    np_jw_strz(trace, doc->name);
    np_jw_key(trace, "sentence");
    np_jw_int(trace, doc->sent_base + s->sent);
    np_jw_key(trace, "start");
    np_jw_int(trace, s->cstart);
    np_jw_key(trace, "end");
    np_jw_int(trace, s->cend);
    np_jw_key(trace, "text");
    np_jw_str(trace, doc->text + s->start, s->end - s->start);
    np_jw_key(trace, "id");
    np_jw_strz(trace, e->id);
    np_jw_key(trace, "label");
    np_jw_strz(trace, e->label);
    np_jw_key(trace, "type");
    np_jw_strz(trace, np_etype_name(e->type));
    np_jw_key(trace, "how");
    np_jw_strz(trace, s->kind == NP_SPAN_GAZ ? "gazetteer" : how_name(s->how));
    np_jw_key(trace, "why");
    np_jw_strz(trace, why && *why ? why : s->why ? s->why : "gazetteer match");
    if (s->kind == NP_SPAN_GAZ && s->ncands > 1) {
        np_jw_key(trace, "candidates");
        np_jw_arr(trace);
        for (uint32_t k = 0; k < s->ncands; k++) {
            const np_gz_cand *c = &m->gaz->cands[sp->cands[s->cands + k]];
            if (!(c->flags & NP_GC_DEMONYM))
                np_jw_strz(trace, np_model_str(m, m->gaz->entries[c->entry].id));
        }
        np_jw_arr_end(trace);
    }
    np_jw_obj_end(trace);
    np_jw_endline(trace);
}

static void resolve_cue_names(const np_model *m, np_entities_ctx *ext, np_doc *doc, np_spans *sp, int multi)
{
    for (size_t k = 0; k < sp->n; k++) {
        np_span *s = &sp->items[k];
        if (s->kind != NP_SPAN_NAME || s->entity != NP_NONE || multi != (s->te - s->tb > 1))
            continue;
        if (s->type == NP_PERSON && s->te - s->tb == 1) {
            int how;
            const np_token *t = &doc->toks[s->tb];
            uint32_t e = person_by_name(ext, np_tok_key(doc, t), t->key_len, &how);
            if (e != NP_NONE) {
                s->entity = e;
                s->how = (uint8_t)how;
                continue;
            }
        }
        char *label = derived_label(doc, s);
        char *id = derived_id(s->type, label);
        /* "Olympic Museum", "the Metropole hotel": a building, as specific
         * a place as a meeting has */
        const char *subtype = s->type == NP_PLACE && (doc->toks[s->te - 1].lex & NP_LEX_BUILDING) ? "building" : NULL;
        s->entity = get_entity(m, doc, ext, id, -1, s->type, label, subtype, doc->sent_base + s->sent);
        set_why(doc, &doc->ents[s->entity], s->why);
        free(id);
        free(label);
    }
}

/* Context: what the text names without ambiguity (the entries of the
 * document's entities and of spans with one candidate), and demonyms. */
static void build_context(const np_model *m, const np_doc *doc, const np_spans *sp, context *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    for (size_t i = 0; i < doc->nents; i++)
        if (doc->ents[i].gz >= 0)
            ctx_add_entry(ctx, m, (uint32_t)doc->ents[i].gz);
    for (size_t k = 0; k < sp->n; k++) {
        const np_span *s = &sp->items[k];
        uint32_t only = NP_NONE;
        int distinct = 0;
        for (uint32_t c = 0; c < s->ncands; c++) {
            const np_gz_cand *cand = &m->gaz->cands[sp->cands[s->cands + c]];
            if (cand->flags & NP_GC_DEMONYM)
                ctx_add_country(ctx, m->gaz->entries[cand->entry].country);
            else if (!(cand->flags & (NP_GC_WEAK | NP_GC_DEAD))) {
                if (only != NP_NONE && only != cand->entry)
                    distinct = 1;
                only = cand->entry;
            }
        }
        if (only != NP_NONE && !distinct)
            ctx_add_entry(ctx, m, only);
    }
}

static void context_free(context *ctx)
{
    free(ctx->countries);
    np_u64map_free(&ctx->entries);
    np_u64map_free(&ctx->inside);
}

/* A gazetteer span of one word whose candidates are all family names:
 * the person this document introduced by that name, unless the gazetteer
 * would choose that same person anyway. Returns whether s became the
 * person. */
static int introduced_family_name(const np_model *m, np_doc *doc, np_entities_ctx *ext, const context *ctx,
                                  const np_spans *sp, np_span *s, np_buf *why)
{
    for (uint32_t c = 0; c < s->ncands; c++) {
        const np_gz_cand *cand = &m->gaz->cands[sp->cands[s->cands + c]];
        if (!(cand->flags & (NP_GC_FAMILY | NP_GC_DEMONYM | NP_GC_DEAD)))
            return 0;
    }
    if (s->te - s->tb != 1)
        return 0;
    int how;
    const np_token *t = &doc->toks[s->tb];
    uint32_t e = person_by_name(ext, np_tok_key(doc, t), t->key_len, &how);
    if (e != NP_NONE && doc->ents[e].gz >= 0) {
        uint32_t chosen = NP_NONE;
        why->len = 0;
        if (choose(m, doc, ctx, sp, s, &chosen, why) && chosen == (uint32_t)doc->ents[e].gz)
            e = NP_NONE; /* the same person: resolve normally */
    }
    if (e == NP_NONE)
        return 0;
    s->entity = e;
    s->kind = NP_SPAN_NAME;
    s->type = NP_PERSON;
    s->how = (uint8_t)how;
    s->why = "the family name of a person named before";
    return 1;
}

static int is_capword(const np_token *t);

/* ---- weak names with support from the context ---- */

/* The country span o names: a place, or a demonym; "" otherwise. */
static const char *span_country(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span *o)
{
    if (o->entity != NP_NONE) {
        const np_entity *e = &doc->ents[o->entity];
        return e->gz >= 0 && e->type == NP_PLACE ? m->gaz->entries[e->gz].country : "";
    }
    for (uint32_t c = 0; o->kind == NP_SPAN_DEMONYM && c < o->ncands; c++) {
        const np_gz_cand *cand = &m->gaz->cands[sp->cands[o->cands + c]];
        if (cand->flags & NP_GC_DEMONYM)
            return m->gaz->entries[cand->entry].country;
    }
    return "";
}

/* The country named right next to span s: before it ("Uzbekistan's
 * Senate", "Republic of Belarus Ministry of Foreign Affairs", "the Kenyan
 * Senate") or after "of" ("Ministry of Foreign Affairs of the Republic of
 * Uzbekistan"); "" when none. */
static const char *country_next_to(const np_model *m, const np_doc *doc, const np_spans *sp, const np_span *s)
{
    const np_sentence *sent = &doc->sents[s->sent];
    size_t p = s->tb;
    /* a later item of a list the country's possessive opens: "Brazil's
     * presidential palace, Congress and Supreme Court" */
    if (p > sent->begin && (np_tok_key_is(doc, &doc->toks[p - 1], ",") || np_tok_key_is(doc, &doc->toks[p - 1], "and"))) {
        size_t q = p - 1;
        while (q > sent->begin && q + 8 > p && !(doc->toks[q].flags & NP_TF_POSS) &&
               (doc->toks[q].kind == NP_TOK_WORD || np_tok_key_is(doc, &doc->toks[q], ",")))
            q--;
        if (q > sent->begin + 1 && (doc->toks[q].flags & NP_TF_POSS) && doc->toks[q].key_len <= 3 && q + 2 < p)
            p = q + 1; /* read the country before "'s" below */
    }
    if (p > sent->begin + 1 && (doc->toks[p - 1].flags & NP_TF_POSS) && doc->toks[p - 1].key_len <= 3)
        p--; /* "Nepal 's" */
    if (p > sent->begin && sp->owner[p - 1]) {
        const np_span *o = &sp->items[sp->owner[p - 1] - 1];
        const char *cc = o->te == p ? span_country(m, doc, sp, o) : "";
        if (cc[0])
            return cc;
    }
    size_t k = s->te;
    if (k + 1 >= sent->end || !np_tok_key_is(doc, &doc->toks[k], "of"))
        return "";
    k++;
    if (np_tok_key_is(doc, &doc->toks[k], "the") && k + 1 < sent->end)
        k++;
    if (!sp->owner[k])
        return "";
    const np_span *o = &sp->items[sp->owner[k] - 1];
    return o->tb == k ? span_country(m, doc, sp, o) : "";
}

/* How often the document names each country, by ISO 3166-1 alpha-2
 * code: its places and demonyms (place), and those with the listed people
 * of that country (all: "Foreign Minister Cavusoglu ... the Ministry of
 * Foreign Affairs said" is Turkey's ministry). Counted once per document,
 * so that looking a country up costs nothing however many weak names
 * there are. */
typedef struct {
    uint32_t place[26 * 26], all[26 * 26];
} country_counts;

static int country_slot(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2])
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static void count_countries(const np_model *m, const np_doc *doc, const np_spans *sp, country_counts *cn)
{
    memset(cn, 0, sizeof *cn);
    for (size_t k = 0; k < sp->n; k++) {
        const np_span *o = &sp->items[k];
        int person = o->entity != NP_NONE && doc->ents[o->entity].type == NP_PERSON && doc->ents[o->entity].gz >= 0;
        int slot = country_slot(person ? m->gaz->entries[doc->ents[o->entity].gz].country : span_country(m, doc, sp, o));
        if (slot >= 0) {
            cn->place[slot] += !person;
            cn->all[slot]++;
        }
    }
}

/* The count that weighs a weak name of entry e: people count for an
 * organization's country, not for a place's. */
static size_t country_count(const country_counts *cn, const np_gz_entry *e)
{
    int slot = country_slot(e->country);
    return slot < 0 ? 0 : e->type == NP_ORG ? cn->all[slot] : cn->place[slot];
}

/* The gazetteer place right after "NAME, " (entry + 1: "State House,
 * Nairobi"), where a building of that name stands; 0 when none. */
static uint32_t place_after_comma(const np_doc *doc, const np_spans *sp, const np_span *s)
{
    size_t k = s->te;
    if (k + 1 >= doc->sents[s->sent].end || doc->toks[k].end - doc->toks[k].start != 1 ||
        doc->text[doc->toks[k].start] != ',' || !sp->owner[k + 1])
        return 0;
    const np_span *o = &sp->items[sp->owner[k + 1] - 1];
    if (o->tb != k + 1 || o->entity == NP_NONE || doc->ents[o->entity].type != NP_PLACE || doc->ents[o->entity].gz < 0)
        return 0;
    return (uint32_t)doc->ents[o->entity].gz + 1;
}

/* A weak name nothing else in the text introduced ("the Ministry of
 * Foreign Affairs", "Parliament", "Uzbekistan's Senate"): the candidate of
 * the country named next to it, else of the country the document names
 * most among the candidates' (at least twice, more than any other's; a
 * single entry only when no country is named more). A generic head is the
 * country itself ("Government of Nigeria"). */
static void resolve_weak_by_country(const np_model *m, np_doc *doc, np_entities_ctx *ext, context *ctx,
                                    np_spans *sp)
{
    country_counts cn;
    count_countries(m, doc, sp, &cn);
    size_t top_place = 0, top_all = 0;
    for (size_t i = 0; i < ctx->ncountries; i++) {
        int slot = country_slot(ctx->countries[i]);
        top_place = slot >= 0 && cn.place[slot] > top_place ? cn.place[slot] : top_place;
        top_all = slot >= 0 && cn.all[slot] > top_all ? cn.all[slot] : top_all;
    }
    for (size_t k = 0; k < sp->n; k++) {
        np_span *s = &sp->items[k];
        if (s->kind != NP_SPAN_GAZ || s->entity != NP_NONE || !s->ncands ||
            (doc->toks[s->te - 1].lex & NP_LEX_ORG_GENERIC))
            continue; /* "Government of Nigeria" is Nigeria */
        static const char *const tail_of[] = {"of", "for", NULL};
        if (prev_word_is(doc, s, tail_of))
            continue; /* "Minister of Foreign Affairs" */
        if (s->te < doc->sents[s->sent].end && is_capword(&doc->toks[s->te]))
            continue; /* "Foreign Affairs Secretary X" */
        const char *near = country_next_to(m, doc, sp, s);
        uint32_t site = place_after_comma(doc, sp, s);

        uint32_t best = NP_NONE;
        size_t best_n = 0, second_n = 0;
        int ok = 1, entries = 0;
        for (uint32_t c = 0; c < s->ncands && ok; c++) {
            const np_gz_cand *cand = &m->gaz->cands[sp->cands[s->cands + c]];
            const np_gz_entry *e = &m->gaz->entries[cand->entry];
            if (cand->flags & (NP_GC_DEMONYM | NP_GC_DEAD))
                continue;
            ok = (cand->flags & NP_GC_WEAK) && e->type != NP_PERSON;
            if (!ok || !e->country[0] || cand->entry == best)
                continue;
            entries++;
            /* the building that stands in the place named after it first,
             * then the country next to it, then the country named most */
            size_t n = site && e->located_in == site ? 2000
                       : near[0]                     ? (size_t)(strcmp(near, e->country) == 0) * 1000
                                                     : country_count(&cn, e);
            if (n > best_n) {
                second_n = best_n;
                best_n = n;
                best = cand->entry;
            } else if (n > second_n)
                second_n = n;
        }
        /* one entry alone: only of the country the whole text names most */
        if (!ok || best == NP_NONE || best_n < 2 || best_n == second_n ||
            (!near[0] && entries < 2 && best_n < (m->gaz->entries[best].type == NP_ORG ? top_all : top_place)))
            continue;
        s->entity = gz_entity(m, doc, ext, best, doc->sent_base + s->sent);
        ctx_add_entry(ctx, m, best);
        np_buf why = {0};
        np_buf_printf(&why, "a weak name: %s is %s", near[0] ? "the country next to it" : "the country the text names most",
                      m->gaz->entries[best].country);
        s->reason = np_buf_steal(&why);
    }
}

/* Gazetteer spans in three rounds: unambiguous first (one entry, not
 * weak), then ambiguous, then weak; each resolved entry joins the
 * context of the spans after it. */
/* A title before a name several people share: the office holder at the
 * document's date (none without one). */
static void resolve_office_holders(const np_model *m, np_doc *doc, np_entities_ctx *ext, context *ctx, np_spans *sp)
{
    np_date date;
    const np_date *d = doc->date[0] && np_date_parse(doc->date, &date) == 0 ? &date : NULL;
    np_buf why = {0};
    np_span_index ix;
    np_span_index_build(&ix, doc, sp);
    for (size_t k = 0; k < sp->n; k++) {
        np_span *s = &sp->items[k];
        uint32_t entry;
        if (s->kind != NP_SPAN_GAZ || s->entity != NP_NONE || !np_office_holder(m, doc, d, sp, &ix, s, &entry, &why))
            continue;
        /* a family name the text introduced is that person's */
        int how;
        const np_token *t = &doc->toks[s->tb];
        uint32_t known = s->te - s->tb == 1 ? person_by_name(ext, np_tok_key(doc, t), t->key_len, &how) : NP_NONE;
        if (known != NP_NONE && doc->ents[known].gz != (long)entry)
            continue;
        s->entity = gz_entity(m, doc, ext, entry, doc->sent_base + s->sent);
        ctx_add_entry(ctx, m, entry);
        s->reason = np_xstrdup(why.data);
    }
    np_span_index_free(&ix);
    np_buf_free(&why);
}

static void resolve_gazetteer_rounds(const np_model *m, np_doc *doc, np_entities_ctx *ext, context *ctx, np_spans *sp)
{
    np_buf why = {0};
    resolve_office_holders(m, doc, ext, ctx, sp);
    for (int round = 0; round < 3; round++) {
        for (size_t k = 0; k < sp->n; k++) {
            np_span *s = &sp->items[k];
            if (s->kind != NP_SPAN_GAZ || s->entity != NP_NONE)
                continue;
            int strong;
            int entries = np_span_entries(m, sp, s, &strong);
            if ((round == 0 && !(strong && entries == 1)) || (round == 1 && !strong))
                continue;
            if (introduced_family_name(m, doc, ext, ctx, sp, s, &why))
                continue;
            why.len = 0;
            uint32_t entry;
            if (!choose(m, doc, ctx, sp, s, &entry, &why))
                continue;
            s->entity = gz_entity(m, doc, ext, entry, doc->sent_base + s->sent);
            ctx_add_entry(ctx, m, entry);
            if (why.len)
                s->reason = np_xstrdup(why.data);
        }
    }
    np_buf_free(&why);
    resolve_weak_by_country(m, doc, ext, ctx, sp);
}

void np_entities_run(const np_model *m, np_doc *doc, np_entities_ctx *ext, np_jw *trace)
{
    np_spans sp;
    memset(&sp, 0, sizeof sp);
    NP_GROW(sp.covered, sp.covered_cap, doc->ntoks + 1);
    memset(sp.covered, 0, doc->ntoks + 1);
    NP_GROW(sp.owner, sp.owner_cap, doc->ntoks + 1);
    memset(sp.owner, 0, (doc->ntoks + 1) * sizeof *sp.owner);
    for (uint32_t s = 0; s < doc->nsents; s++)
        np_match_sentence(m, doc, s, &sp);
    context ctx;
    build_context(m, doc, &sp, &ctx);

    for (uint32_t s = 0; s < doc->nsents; s++)
        np_find_names(m, doc, s, &sp);

    /* Names found from cues with several words first: they introduce people
     * whose family names single words may repeat ("Yasuhisa Kawamura ...
     * Kawamura"), before the gazetteer's family names take those words. */
    resolve_cue_names(m, ext, doc, &sp, 1);
    resolve_gazetteer_rounds(m, doc, ext, &ctx, &sp);
    resolve_cue_names(m, ext, doc, &sp, 0);

    /* Gazetteer spans nobody resolved free their tokens for variants. */
    for (size_t k = 0; k < sp.n; k++) {
        np_span *s = &sp.items[k];
        if (s->entity == NP_NONE && s->kind == NP_SPAN_GAZ)
            for (uint32_t t = s->tb; t < s->te; t++)
                sp.covered[t] = 0;
    }
    find_variants(ext, doc, &sp);
    find_short_forms(doc, &sp);
    size_t nrefs = sp.n;
    np_find_office_references(m, doc, &sp);
    for (size_t k = nrefs; k < sp.n; k++)
        sp.items[k].entity = gz_entity(m, doc, ext, sp.items[k].holder - 1, doc->sent_base + sp.items[k].sent);

    /* Mentions in text order. */
    np_sort(sp.items, sp.n, sizeof *sp.items, by_position);
    uint32_t *ending = np_xcalloc(doc->ntoks + 1, sizeof *ending); /* span index + 1 ending at a token */
    for (size_t k = 0; k < sp.n; k++)
        if (sp.items[k].ncands || sp.items[k].entity != NP_NONE)
            ending[sp.items[k].te - 1] = (uint32_t)k + 1;
    for (size_t k = 0; k < sp.n; k++) {
        np_span *s = &sp.items[k];
        if (s->entity != NP_NONE) {
            note_role(m, doc, &sp, ending, k, s->entity);
            add_mention(doc, s, s->entity, s->kind == NP_SPAN_GAZ ? NP_HOW_NAME : s->how);
            set_why(doc, &doc->ents[s->entity], s->reason);
            if (trace)
                write_mention(m, doc, &sp, s, s->reason, trace);
        }
        free(s->reason);
    }
    free(ending);
    context_free(&ctx);
    free(sp.items);
    free(sp.cands);
    free(sp.covered);
    free(sp.owner);
    np_buf_free(&sp.scratch);
}
