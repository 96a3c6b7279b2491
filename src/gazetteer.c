/*
 * gazetteer.c: loading gazetteer files into the entry table and the name
 * trie (see gazetteer.h and gazetteers/README.md).
 *
 * Files are read entry by entry from libyaml's event stream, so a large
 * gazetteer costs memory for what it keeps, not for its text. References
 * between entries (located_in, capital, roles.of) are resolved when every
 * file is in, and derived family names are then made weak where they are
 * ambiguous or ordinary words.
 */
#include "gazetteer.h"

#include "datadir.h"
#include "doc.h"
#include "jsonw.h"
#include "lexicon.h"
#include "normalize.h"
#include "tokenizer.h"
#include "yamltree.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A reference to resolve once all files are loaded. */
typedef struct pending_ref {
    uint32_t entry;
    uint32_t *target; /* where to store index + 1: offset-free, see resolve_refs */
    int kind;         /* 0 located_in, 1 capital, 2 role */
    uint32_t role;
    char *id;
    uint32_t file;
    int line, col;
} pending_ref;

typedef struct loader {
    np_lexicon *lx;
    np_gazetteer *g;
    np_error *err;
    const char *file;   /* current file name */
    uint32_t file_off;  /* its pool offset */
    np_ynode *defaults;
    pending_ref *refs;
    size_t nrefs, refs_cap;
    uint32_t *ids;      /* scratch vocabulary ids */
    size_t ids_cap;
    np_buf keys;        /* scratch */
    np_norm_scratch sc;
} loader;

static int fail(loader *ld, const np_ynode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(loader *ld, const np_ynode *at, const char *fmt, ...)
{
    char what[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    np_yerror(ld->err, ld->file, at ? at->line : 1, at ? at->col : 1, "%s", what);
    return -1;
}

/* ---- the id index ---- */

static uint64_t id_hash(const char *s)
{
    return np_hash(s, strlen(s));
}

long np_gazetteer_find(const np_gazetteer *g, const np_lexicon *lx, const char *id)
{
    if (!g || !g->nid_slots)
        return -1;
    size_t mask = g->nid_slots - 1, s = id_hash(id) & mask;
    while (g->id_slots[s]) {
        uint32_t e = g->id_slots[s] - 1;
        if (strcmp(np_pool_str(&lx->pool, g->entries[e].id), id) == 0)
            return e;
        s = (s + 1) & mask;
    }
    return -1;
}

static void id_insert(np_lexicon *lx, np_gazetteer *g, uint32_t entry)
{
    if ((g->n + 1) * 2 > g->nid_slots) {
        size_t ns = g->nid_slots ? g->nid_slots * 2 : 1024;
        free(g->id_slots);
        g->id_slots = np_xcalloc(ns, sizeof *g->id_slots);
        g->nid_slots = ns;
        for (size_t e = 0; e < g->n; e++) {
            if (e == entry)
                continue;
            size_t s = id_hash(np_pool_str(&lx->pool, g->entries[e].id)) & (ns - 1);
            while (g->id_slots[s])
                s = (s + 1) & (ns - 1);
            g->id_slots[s] = (uint32_t)e + 1;
        }
    }
    size_t mask = g->nid_slots - 1, s = id_hash(np_pool_str(&lx->pool, g->entries[entry].id)) & mask;
    while (g->id_slots[s])
        s = (s + 1) & mask;
    g->id_slots[s] = entry + 1;
}

/* ---- YAML values ---- */

static const np_ynode *get(loader *ld, const np_ynode *entry, const char *key)
{
    const np_ynode *v = np_ymap_get(entry, key);
    return v ? v : np_ymap_get(ld->defaults, key);
}

static int scalar_str(loader *ld, const np_ynode *v, const char *key, const char **out)
{
    *out = NULL;
    if (!v)
        return 0;
    if (v->type != NP_Y_SCALAR)
        return fail(ld, v, "'%s' must be a string", key);
    *out = v->str;
    return 0;
}

static int scalar_num(loader *ld, const np_ynode *v, const char *key, double lo, double hi, double *out)
{
    if (!v)
        return 0;
    char *end;
    if (v->type != NP_Y_SCALAR || !v->len)
        return fail(ld, v, "'%s' must be a number", key);
    double d = strtod(v->str, &end);
    if (*end || !isfinite(d))
        return fail(ld, v, "'%s' must be a number, not '%s'", key, v->str);
    if (d < lo || d > hi)
        return fail(ld, v, "'%s' is out of range (%g to %g): %s", key, lo, hi, v->str);
    *out = d;
    return 0;
}

static int valid_id(const char *id)
{
    const char *c = strchr(id, ':');
    if (!c)
        return 0;
    size_t pl = (size_t)(c - id);
    if (!((pl == 6 && strncmp(id, "person", 6) == 0) || (pl == 5 && strncmp(id, "place", 5) == 0) ||
          (pl == 3 && strncmp(id, "org", 3) == 0)))
        return 0;
    const char *s = c + 1;
    if (!*s || *s == '-')
        return 0;
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
        if (*s == '-' && (s[1] == '-' || s[1] == '\0'))
            return 0;
    }
    return 1;
}


/* Renders a YAML node as JSON: plain scalars that read as numbers, true,
 * false or null keep that meaning; everything else is a string. */
static void node_json(const np_ynode *v, np_buf *out)
{
    switch (v->type) {
    case NP_Y_SCALAR: {
        if (v->plain && v->len) {
            char *end;
            double d = strtod(v->str, &end);
            if (!*end && isfinite(d) && v->str[0] != '+' && !(v->str[0] == '0' && v->len > 1 && v->str[1] != '.')) {
                np_buf_adds(out, v->str);
                return;
            }
            if (!strcmp(v->str, "true") || !strcmp(v->str, "false") || !strcmp(v->str, "null")) {
                np_buf_adds(out, v->str);
                return;
            }
            if (!strcmp(v->str, "~")) {
                np_buf_adds(out, "null");
                return;
            }
        }
        np_json_escape(out, v->str, v->len);
        return;
    }
    case NP_Y_SEQ:
        np_buf_addc(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                np_buf_addc(out, ',');
            node_json(v->items[i], out);
        }
        np_buf_addc(out, ']');
        return;
    case NP_Y_MAP:
        np_buf_addc(out, '{');
        for (size_t i = 0; i + 1 < v->n; i += 2) {
            if (i)
                np_buf_addc(out, ',');
            const np_ynode *k = v->items[i];
            if (k->type == NP_Y_SCALAR)
                np_json_escape(out, k->str, k->len);
            else
                np_buf_adds(out, "\"?\"");
            np_buf_addc(out, ':');
            node_json(v->items[i + 1], out);
        }
        np_buf_addc(out, '}');
        return;
    }
}

/* Keys nerpipe itself interprets and does not copy into the attributes. */
static int core_key(const char *k)
{
    static const char *core[] = {"id", "name", "type", "aliases", "case", "replace", "prior", "family", NULL};
    for (int i = 0; core[i]; i++)
        if (strcmp(k, core[i]) == 0)
            return 1;
    return 0;
}

static void add_attr(np_buf *out, int *first, const np_ynode *k, const np_ynode *v)
{
    if (!*first)
        np_buf_addc(out, ',');
    *first = 0;
    np_json_escape(out, k->str, k->len);
    np_buf_addc(out, ':');
    node_json(v, out);
}

static uint32_t render_attrs(loader *ld, const np_ynode *entry)
{
    np_buf out = {0};
    int first = 1;
    np_buf_addc(&out, '{');
    for (size_t i = 0; i + 1 < entry->n; i += 2)
        if (!core_key(entry->items[i]->str))
            add_attr(&out, &first, entry->items[i], entry->items[i + 1]);
    if (ld->defaults)
        for (size_t i = 0; i + 1 < ld->defaults->n; i += 2) {
            const np_ynode *k = ld->defaults->items[i];
            if (k->type == NP_Y_SCALAR && !core_key(k->str) && !np_ymap_get(entry, k->str))
                add_attr(&out, &first, k, ld->defaults->items[i + 1]);
        }
    np_buf_addc(&out, '}');
    uint32_t off = first ? 0 : np_pool_add(&ld->lx->pool, out.data, out.len);
    np_buf_free(&out);
    return off;
}

/* ---- names into the trie ---- */

/* Adds the name s as a candidate of entry; returns 0, or -1 (reported)
 * when the name has no tokens. */
static int add_name(loader *ld, const np_ynode *at, uint32_t entry, const char *s, size_t n, uint16_t flags)
{
    np_lexicon *lx = ld->lx;
    np_gazetteer *g = ld->g;
    int alnum = 0;
    for (size_t i = 0; i < n && !alnum; i++)
        alnum = (unsigned char)s[i] >= 0x80 || (s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z');
    size_t ntok = alnum ? np_lexicon_add_phrase(lx, s, n, 0, &ld->ids, &ld->ids_cap) : 0;
    if (ntok == 0)
        return fail(ld, at, "the name '%.*s' has no words", (int)(n > 80 ? 80 : n), s);
    if (ntok > 0xFFFF)
        return fail(ld, at, "the name is too long");
    /* A single ordinary word as a name matches only with its capitals. */
    if (ntok == 1 && !(flags & NP_GC_CASE) && (lx->vocab.ents[ld->ids[0]].lex & NP_LEX_COMMON))
        flags |= NP_GC_CASE;
    NP_GROW(g->cands, g->cands_cap, g->ncands + 1);
    np_gz_cand *c = &g->cands[g->ncands];
    c->entry = entry;
    c->text = np_pool_add(&lx->pool, s, n);
    c->casekey = 0;
    c->flags = flags;
    c->ntok = (uint16_t)ntok;
    if (flags & NP_GC_CASE) {
        /* the case-kept keys of its tokens, each followed by NUL */
        ld->keys.len = 0;
        np_tokenize_keys(lx, s, n, &ld->keys, 0);
        c->casekey = np_pool_add(&lx->pool, ld->keys.data, ld->keys.len);
    }
    np_trie_insert(&g->names, ld->ids, ntok, (uint32_t)g->ncands);
    g->ncands++;
    return 0;
}

static int add_aliases(loader *ld, const np_ynode *list, uint32_t entry, uint16_t base_flags)
{
    if (!list)
        return 0;
    if (list->type != NP_Y_SEQ)
        return fail(ld, list, "'aliases' must be a list");
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *a = list->items[i];
        uint16_t flags = base_flags | NP_GC_ALIAS;
        const np_ynode *name = a;
        if (a->type == NP_Y_MAP) {
            name = np_ymap_get(a, "name");
            if (!name || name->type != NP_Y_SCALAR)
                return fail(ld, a, "an alias written as a mapping needs 'name: TEXT'");
            for (size_t k = 0; k + 1 < a->n; k += 2) {
                const np_ynode *key = a->items[k], *val = a->items[k + 1];
                const char *ks = key->type == NP_Y_SCALAR ? key->str : "";
                if (!strcmp(ks, "name"))
                    continue;
                if (!strcmp(ks, "case")) {
                    if (val->type != NP_Y_SCALAR || (strcmp(val->str, "sensitive") && strcmp(val->str, "insensitive")))
                        return fail(ld, val, "alias 'case' must be sensitive or insensitive");
                    if (!strcmp(val->str, "sensitive"))
                        flags |= NP_GC_CASE;
                    else
                        flags &= (uint16_t)~NP_GC_CASE;
                } else if (!strcmp(ks, "weak")) {
                    if (val->type != NP_Y_SCALAR || (strcmp(val->str, "true") && strcmp(val->str, "false")))
                        return fail(ld, val, "alias 'weak' must be true or false");
                    if (!strcmp(val->str, "true"))
                        flags |= NP_GC_WEAK;
                } else
                    return fail(ld, key, "unknown alias option '%s' (expected name, case, weak)", ks);
            }
        } else if (a->type != NP_Y_SCALAR)
            return fail(ld, a, "an alias must be a string or a mapping with 'name', not a list");
        if (!name->len)
            return fail(ld, name, "an alias must not be empty");
        if (add_name(ld, name, entry, name->str, name->len, flags) < 0)
            return -1;
    }
    return 0;
}

/* ---- entries ---- */

static int add_ref(loader *ld, uint32_t entry, int kind, uint32_t role, const np_ynode *v)
{
    if (v->type != NP_Y_SCALAR || !v->len)
        return fail(ld, v, "a reference must be an entry id");
    NP_GROW(ld->refs, ld->refs_cap, ld->nrefs + 1);
    pending_ref *r = &ld->refs[ld->nrefs++];
    memset(r, 0, sizeof *r);
    r->entry = entry;
    r->kind = kind;
    r->role = role;
    r->id = np_xstrdup(v->str);
    r->file = ld->file_off;
    r->line = v->line;
    r->col = v->col;
    return 0;
}

static int parse_roles(loader *ld, const np_ynode *list, uint32_t entry, np_gz_entry *e)
{
    if (!list)
        return 0;
    if (list->type != NP_Y_SEQ)
        return fail(ld, list, "'roles' must be a list");
    np_gazetteer *g = ld->g;
    e->roles = (uint32_t)g->nroles;
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *r = list->items[i];
        if (r->type != NP_Y_MAP)
            return fail(ld, r, "a role must be a mapping with title, of, from, to");
        const np_ynode *title = np_ymap_get(r, "title");
        if (!title || title->type != NP_Y_SCALAR || !title->len)
            return fail(ld, r, "a role needs 'title'");
        NP_GROW(g->roles, g->roles_cap, g->nroles + 1);
        np_gz_role *role = &g->roles[g->nroles];
        memset(role, 0, sizeof *role);
        char *lt = np_normalize_dup(title->str, title->len, 1);
        role->title = np_pool_add(&ld->lx->pool, lt, strlen(lt));
        free(lt);
        for (size_t k = 0; k + 1 < r->n; k += 2) {
            const char *ks = r->items[k]->str ? r->items[k]->str : "";
            const np_ynode *v = r->items[k + 1];
            if (!strcmp(ks, "from") || !strcmp(ks, "to")) {
                if (v->type != NP_Y_SCALAR || np_date_parse_n(v->str, v->len, &(np_date){0}) < 0)
                    return fail(ld, v, "role '%s' must be a date YYYY, YYYY-MM or YYYY-MM-DD", ks);
                strcpy(!strcmp(ks, "from") ? role->from : role->to, v->str);
            } else if (!strcmp(ks, "of")) {
                if (add_ref(ld, entry, 2, (uint32_t)g->nroles, v) < 0)
                    return -1;
            }
        }
        g->nroles++;
    }
    e->nroles = (uint32_t)g->nroles - e->roles;
    return 0;
}

static float default_prior(const np_gz_entry *e, const char *subtype)
{
    float p = e->population > 0 ? log10f(e->population + 1.0f) : 3.0f;
    if (e->type == NP_PLACE) {
        if (!strcmp(subtype, "country"))
            p += 3;
        else if (!strcmp(subtype, "territory"))
            p += 1;
        else if (!strcmp(subtype, "historical"))
            p -= 1;
        else if (!strcmp(subtype, "subdivision"))
            p -= 0.5f;
    } else if (e->type == NP_PERSON)
        p = 4.0f + (float)e->nroles * 0.5f;
    else
        p = 5.0f;
    return p;
}

static int add_entry(loader *ld, const np_ynode *node)
{
    np_lexicon *lx = ld->lx;
    np_gazetteer *g = ld->g;
    if (node->type != NP_Y_MAP)
        return fail(ld, node, "an entry must be a mapping with id, name and type");
    for (size_t i = 0; i < node->n; i += 2)
        if (node->items[i]->type != NP_Y_SCALAR)
            return fail(ld, node->items[i], "keys must be plain strings");
    const char *id, *name, *type, *subtype, *country, *casev, *family, *replace;
    if (scalar_str(ld, get(ld, node, "id"), "id", &id) < 0 || scalar_str(ld, get(ld, node, "name"), "name", &name) < 0 ||
        scalar_str(ld, get(ld, node, "type"), "type", &type) < 0 ||
        scalar_str(ld, get(ld, node, "subtype"), "subtype", &subtype) < 0 ||
        scalar_str(ld, get(ld, node, "country"), "country", &country) < 0 ||
        scalar_str(ld, get(ld, node, "case"), "case", &casev) < 0 ||
        scalar_str(ld, get(ld, node, "family"), "family", &family) < 0 ||
        scalar_str(ld, np_ymap_get(node, "replace"), "replace", &replace) < 0)
        return -1;
    if (!id || !*id)
        return fail(ld, node, "the entry has no 'id'");
    if (!valid_id(id))
        return fail(ld, get(ld, node, "id"), "bad id '%s' (want person:, place: or org: and a slug of a-z, 0-9 and -)", id);
    if (!name || !*name)
        return fail(ld, node, "entry '%s' has no 'name'", id);
    if (!type)
        return fail(ld, node, "entry '%s' has no 'type' (person, place or organization)", id);
    int t = !strcmp(type, "person") ? NP_PERSON : !strcmp(type, "place") ? NP_PLACE
                                                : !strcmp(type, "organization") ? NP_ORG : -1;
    if (t < 0)
        return fail(ld, get(ld, node, "type"), "unknown type '%s' (expected person, place or organization)", type);
    size_t pl = strlen(np_etype_prefix(t));
    if (strncmp(id, np_etype_prefix(t), pl) != 0 || id[pl] != ':')
        return fail(ld, get(ld, node, "id"), "id '%s' does not fit type %s (want %s:...)", id, type, np_etype_prefix(t));
    if (country && !(strlen(country) == 2 && country[0] >= 'A' && country[0] <= 'Z' && country[1] >= 'A' &&
                     country[1] <= 'Z'))
        return fail(ld, get(ld, node, "country"), "country must be an ISO 3166-1 alpha-2 code such as JP, not '%s'",
                    country);
    if (casev && strcmp(casev, "sensitive") && strcmp(casev, "insensitive"))
        return fail(ld, get(ld, node, "case"), "'case' must be sensitive or insensitive");
    if (replace && strcmp(replace, "true") && strcmp(replace, "false"))
        return fail(ld, np_ymap_get(node, "replace"), "'replace' must be true or false");
    if (family && t != NP_PERSON)
        return fail(ld, get(ld, node, "family"), "'family' is for people only");

    long old = np_gazetteer_find(ld->g, lx, id);
    uint32_t idx;
    if (old >= 0) {
        if (!replace || strcmp(replace, "true")) {
            const np_gz_entry *o = &g->entries[old];
            return fail(ld, get(ld, node, "id"), "duplicate id '%s' (first defined at %s:%u; add 'replace: true' to "
                        "override it)", id, np_pool_str(&lx->pool, o->file), o->line);
        }
        idx = (uint32_t)old;
        for (size_t c = 0; c < g->ncands; c++) /* forget the old entry's names */
            if (g->cands[c].entry == idx)
                g->cands[c].flags |= NP_GC_DEAD;
    } else {
        NP_GROW(g->entries, g->cap, g->n + 1);
        idx = (uint32_t)g->n++;
    }
    np_gz_entry *e = &g->entries[idx];
    memset(e, 0, sizeof *e);
    e->id = np_pool_add(&lx->pool, id, strlen(id));
    e->name = np_pool_add(&lx->pool, name, strlen(name));
    e->subtype = subtype ? np_pool_add(&lx->pool, subtype, strlen(subtype)) : 0;
    e->type = (uint8_t)t;
    e->file = ld->file_off;
    e->line = (uint32_t)node->line;
    if (country)
        memcpy(e->country, country, 3);
    if (casev && !strcmp(casev, "sensitive"))
        e->flags |= NP_GE_CASE;
    if (old < 0)
        id_insert(lx, g, idx);

    double lat = NAN, lon = NAN, pop = 0, prior = -1;
    if (scalar_num(ld, get(ld, node, "lat"), "lat", -90, 90, &lat) < 0 ||
        scalar_num(ld, get(ld, node, "lon"), "lon", -180, 180, &lon) < 0 ||
        scalar_num(ld, get(ld, node, "population"), "population", 0, 1e11, &pop) < 0 ||
        scalar_num(ld, get(ld, node, "prior"), "prior", 0, 1e6, &prior) < 0)
        return -1;
    if (!isnan(lat) && !isnan(lon)) {
        e->lat = (float)lat;
        e->lon = (float)lon;
        e->flags |= NP_GE_COORD;
    }
    e->population = (float)pop;
    const np_ynode *v;
    if ((v = get(ld, node, "located_in")) && add_ref(ld, idx, 0, 0, v) < 0)
        return -1;
    if ((v = get(ld, node, "capital")) && add_ref(ld, idx, 1, 0, v) < 0)
        return -1;
    if (parse_roles(ld, get(ld, node, "roles"), idx, e) < 0)
        return -1;
    e->prior = prior >= 0 ? (float)prior : default_prior(e, subtype ? subtype : "");
    e->attrs = render_attrs(ld, node);

    uint16_t base = (e->flags & NP_GE_CASE) ? NP_GC_CASE : 0;
    if (add_name(ld, get(ld, node, "name"), idx, name, strlen(name), base | NP_GC_NAME) < 0)
        return -1;
    /* "Al Sharqiya", "Al-Ahram": news also writes them without the article */
    if (e->type != NP_PERSON && (!strncmp(name, "Al ", 3) || !strncmp(name, "Al-", 3) || !strncmp(name, "El ", 3)) &&
        strlen(name) > 6 && name[3] >= 'A' && name[3] <= 'Z' && !strchr(name + 3, ' ')) {
        if (add_name(ld, get(ld, node, "name"), idx, name + 3, strlen(name + 3), base | NP_GC_ALIAS | NP_GC_CASE) < 0)
            return -1;
    }
    if (add_aliases(ld, get(ld, node, "aliases"), idx, base) < 0)
        return -1;
    const np_ynode *dem = get(ld, node, "demonyms");
    if (dem) {
        if (dem->type != NP_Y_SEQ)
            return fail(ld, dem, "'demonyms' must be a list");
        for (size_t i = 0; i < dem->n; i++) {
            if (dem->items[i]->type != NP_Y_SCALAR || !dem->items[i]->len)
                return fail(ld, dem->items[i], "a demonym must be a string");
            if (add_name(ld, dem->items[i], idx, dem->items[i]->str, dem->items[i]->len, base | NP_GC_DEMONYM) < 0)
                return -1;
        }
    }
    if (t == NP_PERSON) {
        /* the family name: given, or the last word of the name */
        const char *fam = family;
        if (!fam) {
            const char *sp = strrchr(name, ' ');
            fam = sp && sp[1] ? sp + 1 : NULL;
        }
        if (fam) {
            e->family = np_pool_add(&lx->pool, fam, strlen(fam));
            if (add_name(ld, get(ld, node, "name"), idx, fam, strlen(fam), base | NP_GC_FAMILY) < 0)
                return -1;
        }
    }
    return 0;
}

static int load_file(loader *ld, const char *path)
{
    np_ystream *st = np_ystream_open(path, ld->err);
    if (!st)
        return -1;
    ld->file = path;
    ld->file_off = np_pool_add(&ld->lx->pool, path, strlen(path));
    ld->defaults = NULL;
    int rc = 0, saw_entries = 0;
    const char *key;
    while (rc == 0 && (key = np_ystream_next_key(st))) {
        if (!strcmp(key, "defaults")) {
            np_ynode_free(ld->defaults);
            ld->defaults = np_ystream_value(st);
            if (!ld->defaults)
                rc = -1;
            else if (ld->defaults->type != NP_Y_MAP)
                rc = fail(ld, ld->defaults, "'defaults' must be a mapping");
        } else if (!strcmp(key, "entries")) {
            saw_entries = 1;
            if (np_ystream_list_begin(st) < 0) {
                rc = -1;
                break;
            }
            np_ynode *item;
            while ((item = np_ystream_list_next(st))) {
                rc = add_entry(ld, item);
                np_ynode_free(item);
                if (rc < 0)
                    break;
            }
            if (np_ystream_failed(st))
                rc = -1;
        } else if (!strcmp(key, "description")) {
            np_ynode *v = np_ystream_value(st);
            if (!v)
                rc = -1;
            np_ynode_free(v);
        } else {
            np_yerror(ld->err, path, np_ystream_key_line(st), np_ystream_key_col(st),
                      "unknown top-level key '%s' (expected defaults, entries, description)", key);
            rc = -1;
        }
    }
    if (rc == 0 && np_ystream_failed(st))
        rc = -1;
    if (rc == 0 && !saw_entries) {
        np_yerror(ld->err, path, 1, 1, "no 'entries' list");
        rc = -1;
    }
    np_ynode_free(ld->defaults);
    ld->defaults = NULL;
    np_ystream_close(st);
    ld->g->nfiles++;
    return rc;
}

static int resolve_refs(loader *ld)
{
    np_gazetteer *g = ld->g;
    for (size_t i = 0; i < ld->nrefs; i++) {
        pending_ref *r = &ld->refs[i];
        long t = np_gazetteer_find(ld->g, ld->lx, r->id);
        if (t < 0) {
            static const char *what[] = {"located_in", "capital", "role 'of'"};
            np_yerror(ld->err, np_pool_str(&ld->lx->pool, r->file), r->line, r->col, "%s refers to unknown id '%s'",
                      what[r->kind], r->id);
            return -1;
        }
        if (r->kind == 0)
            g->entries[r->entry].located_in = (uint32_t)t + 1;
        else if (r->kind == 1)
            g->entries[r->entry].capital = (uint32_t)t + 1;
        else
            g->roles[r->role].of = (uint32_t)t + 1;
    }
    return 0;
}

/* A derived family name is weak when it names something else too, or is an
 * ordinary word, a common surname or a given name. */
static void weaken_family_names(np_lexicon *lx, np_gazetteer *g)
{
    np_trie *t = &g->names;
    for (size_t node = 0; node < t->nnodes; node++) {
        size_t count;
        const uint32_t *vals = np_trie_values(t, (uint32_t)node, &count);
        for (size_t i = 0; i < count; i++) {
            np_gz_cand *c = &g->cands[vals[i]];
            if (!(c->flags & NP_GC_FAMILY))
                continue;
            int shared = 0;
            for (size_t k = 0; k < count; k++)
                if (k != i && g->cands[vals[k]].entry != c->entry)
                    shared = 1;
            if (!shared && c->ntok == 1) {
                char *key = np_normalize_dup(np_pool_str(&lx->pool, c->text), strlen(np_pool_str(&lx->pool, c->text)), 1);
                uint32_t id = np_lexicon_lookup(lx, key, strlen(key));
                free(key);
                uint32_t lex = id ? lx->vocab.ents[id - 1].lex : 0;
                shared = (lex & (NP_LEX_COMMON | NP_LEX_SURNAME | NP_LEX_GIVEN | NP_LEX_FUNCTION)) != 0;
            }
            if (shared)
                c->flags |= NP_GC_WEAK;
        }
    }
}

static int load_path(loader *ld, const char *path, int must_exist)
{
    char **files;
    size_t n;
    np_error sub;
    if (np_list_yaml(path, &files, &n, &sub) < 0) {
        /* not a directory: a single file */
        if (!must_exist)
            return 0;
        return load_file(ld, path);
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = load_file(ld, files[i]);
        free(files[i]);
    }
    free(files);
    return rc;
}

np_gazetteer *np_gazetteer_load(np_lexicon *lx, const char *datadir, const char *const *extra, size_t nextra, np_error *err)
{
    np_gazetteer *g = np_xcalloc(1, sizeof *g);
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.lx = lx;
    ld.g = g;
    ld.err = err;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/gazetteers", datadir);
    int rc = load_path(&ld, dir, 0);
    for (size_t i = 0; rc == 0 && i < nextra; i++)
        rc = load_path(&ld, extra[i], 1);
    if (rc == 0)
        rc = resolve_refs(&ld);
    for (size_t i = 0; i < ld.nrefs; i++)
        free(ld.refs[i].id);
    free(ld.refs);
    free(ld.ids);
    np_buf_free(&ld.keys);
    np_norm_scratch_free(&ld.sc);
    if (rc < 0) {
        np_gazetteer_free(g);
        return NULL;
    }
    np_trie_finish(&g->names);
    weaken_family_names(lx, g);
    return g;
}

void np_gazetteer_free(np_gazetteer *g)
{
    if (!g)
        return;
    free(g->entries);
    free(g->roles);
    free(g->cands);
    free(g->id_slots);
    np_trie_free(&g->names);
    free(g);
}
