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
    np_yreport *rep;
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
    return np_yreport_at(ld->rep, ld->file, at ? at->line : 1, at ? at->col : 1, "%s", what);
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
    for (size_t probes = 0; probes < g->nid_slots && g->id_slots[s]; probes++) {
        uint32_t e = g->id_slots[s] - 1;
        if (e < g->n && strcmp(np_pool_str(&lx->pool, g->entries[e].id), id) == 0)
            return e;
        s = (s + 1) & mask;
    }
    return -1;
}

/* ---- sound entries (see gazetteer.h) ---- */

/* Does the string in the n bytes at s end inside them? */
static inline int ends_in(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!s[i])
            return 1;
    return 0;
}

int np_gazetteer_entry_ok(const np_gazetteer *g, size_t i)
{
    if (i >= g->n)
        return 0;
    const np_gz_entry *e = &g->entries[i];
    if (e->type > NP_ORG || e->located_in > g->n || e->capital > g->n || (uint64_t)e->roles + e->nroles > g->nroles ||
        !ends_in(e->country, sizeof e->country) || !isfinite(e->lat) || !isfinite(e->lon) || !isfinite(e->prior) ||
        !isfinite(e->population))
        return 0;
    return 1;
}

long np_gazetteer_ref(const np_gazetteer *g, uint32_t ref)
{
    return ref && np_gazetteer_entry_ok(g, ref - 1) ? (long)ref - 1 : -1;
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

/* The keys of an entry that nerpipe reads (the others are copied into its
 * attributes); all but replace may come from the file's defaults. */
enum { F_ID, F_NAME, F_TYPE, F_SUBTYPE, F_COUNTRY, F_CASE, F_FAMILY, F_REPLACE, F_LAT, F_LON, F_POPULATION,
       F_PRIOR, F_LOCATED_IN, F_CAPITAL, F_ROLES, F_ALIASES, F_DEMONYMS, F_N };
static const char must_be_string[] = "'%s' must be a string";
#define STRING(k) {k, NP_Y_SCALAR, NP_YF_DEFAULT, must_be_string, NULL, 0}
#define OTHER(k) {k, NP_Y_ANY, NP_YF_DEFAULT, NULL, NULL, 0}
static const np_yfield entry_fields[F_N] = {
    [F_ID] = STRING("id"), [F_NAME] = STRING("name"), [F_TYPE] = STRING("type"), [F_SUBTYPE] = STRING("subtype"),
    [F_COUNTRY] = STRING("country"), [F_CASE] = STRING("case"), [F_FAMILY] = STRING("family"),
    [F_REPLACE] = {"replace", NP_Y_SCALAR, 0, must_be_string, NULL, 0},
    [F_LAT] = OTHER("lat"), [F_LON] = OTHER("lon"), [F_POPULATION] = OTHER("population"), [F_PRIOR] = OTHER("prior"),
    [F_LOCATED_IN] = OTHER("located_in"), [F_CAPITAL] = OTHER("capital"), [F_ROLES] = OTHER("roles"),
    [F_ALIASES] = OTHER("aliases"), [F_DEMONYMS] = OTHER("demonyms"),
};
#undef STRING
#undef OTHER
static const np_ykeys entry_keys = {entry_fields, F_N, "an entry must be a mapping with id, name and type", NULL,
                                    "keys must be plain strings"};

/* A string value of np_ywalk (a scalar, or NULL). */
static const char *str(const np_ynode *v)
{
    return v ? v->str : NULL;
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
    /* the matchers try a name only from a word that can start one */
    lx->vocab.ents[ld->ids[0]].lex |= NP_LEX_NAME_FIRST;
    g->ncands++;
    return 0;
}

/* An alias written as a mapping: its name and options. */
typedef struct alias_opts {
    loader *ld;
    uint16_t flags;
} alias_opts;

/* case (code 0: sensitive or insensitive) and weak (code 1: true or false). */
static int alias_option(void *ctx, const np_yfield *f, const np_ynode *v)
{
    alias_opts *ao = ctx;
    const char *yes = f->code ? "true" : "sensitive", *no = f->code ? "false" : "insensitive";
    if (v->type != NP_Y_SCALAR || (strcmp(v->str, yes) && strcmp(v->str, no)))
        return fail(ao->ld, v, "%s", f->code ? "alias 'weak' must be true or false"
                                             : "alias 'case' must be sensitive or insensitive");
    if (!strcmp(v->str, yes))
        ao->flags |= f->code ? NP_GC_WEAK : NP_GC_CASE;
    else if (!f->code)
        ao->flags &= (uint16_t)~NP_GC_CASE;
    return 0;
}

enum { A_NAME, A_CASE, A_WEAK, A_N };
static const np_yfield alias_fields[A_N] = {
    [A_NAME] = {"name", NP_Y_SCALAR, NP_YF_REQUIRED, "an alias written as a mapping needs 'name: TEXT'", NULL, 0},
    [A_CASE] = {"case", NP_Y_ANY, 0, NULL, alias_option, 0},
    [A_WEAK] = {"weak", NP_Y_ANY, 0, NULL, alias_option, 1},
};
static const np_ykeys alias_keys = {alias_fields, A_N, NULL, "unknown alias option '%s' (expected name, case, weak)",
                                    NULL};

static int add_aliases(loader *ld, const np_ynode *list, uint32_t entry, uint16_t base_flags)
{
    if (!list)
        return 0;
    if (list->type != NP_Y_SEQ)
        return fail(ld, list, "'aliases' must be a list");
    int bad = 0;
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *a = list->items[i];
        alias_opts ao = {ld, base_flags | NP_GC_ALIAS};
        const np_ynode *name = a, *v[A_N];
        if (a->type == NP_Y_MAP) {
            if (np_ywalk(ld->rep, ld->file, a, &alias_keys, NULL, v, &ao) < 0) {
                bad = -1;
                continue;
            }
            name = v[A_NAME];
        } else if (a->type != NP_Y_SCALAR) {
            bad = fail(ld, a, "an alias must be a string or a mapping with 'name', not a list");
            continue;
        }
        if (!name->len)
            bad = fail(ld, name, "an alias must not be empty");
        else if (add_name(ld, name, entry, name->str, name->len, ao.flags) < 0)
            bad = -1;
    }
    return bad;
}

/* ---- entries ---- */

/* Is v an entry id (a reference to check once every file is in)? 0, or -1
 * (reported). */
static int ref_ok(loader *ld, const np_ynode *v)
{
    if (v->type != NP_Y_SCALAR || !v->len)
        return fail(ld, v, "a reference must be an entry id");
    return 0;
}

static void push_ref(loader *ld, uint32_t entry, int kind, uint32_t role, const np_ynode *v)
{
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
}

static int add_ref(loader *ld, uint32_t entry, int kind, const np_ynode *v)
{
    if (!v || ref_ok(ld, v) < 0)
        return v ? -1 : 0;
    push_ref(ld, entry, kind, 0, v);
    return 0;
}

/* A role being read: its dates, and what it is of. */
typedef struct role_in {
    loader *ld;
    np_gz_role role;
    const np_ynode *of;
} role_in;

static int role_date(void *ctx, const np_yfield *f, const np_ynode *v)
{
    role_in *ri = ctx;
    if (v->type != NP_Y_SCALAR || np_date_parse_n(v->str, v->len, &(np_date){0}) < 0)
        return fail(ri->ld, v, "role '%s' must be a date YYYY, YYYY-MM or YYYY-MM-DD", f->key);
    strcpy(f->code ? ri->role.to : ri->role.from, v->str);
    return 0;
}

static int role_of(void *ctx, const np_yfield *f, const np_ynode *v)
{
    role_in *ri = ctx;
    (void)f;
    if (ref_ok(ri->ld, v) < 0)
        return -1;
    ri->of = v;
    return 0;
}

enum { RO_TITLE, RO_OF, RO_FROM, RO_TO, RO_N };
static const np_yfield role_fields[RO_N] = {
    [RO_TITLE] = {"title", NP_Y_SCALAR, NP_YF_REQUIRED | NP_YF_NONEMPTY, "a role needs 'title'", NULL, 0},
    [RO_OF] = {"of", NP_Y_ANY, 0, NULL, role_of, 0},
    [RO_FROM] = {"from", NP_Y_ANY, 0, NULL, role_date, 0},
    [RO_TO] = {"to", NP_Y_ANY, 0, NULL, role_date, 1},
};
static const np_ykeys role_keys = {role_fields, RO_N, "a role must be a mapping with title, of, from, to", NULL, NULL};

static int parse_roles(loader *ld, const np_ynode *list, uint32_t entry, np_gz_entry *e)
{
    if (!list)
        return 0;
    if (list->type != NP_Y_SEQ)
        return fail(ld, list, "'roles' must be a list");
    np_gazetteer *g = ld->g;
    e->roles = (uint32_t)g->nroles;
    int bad = 0;
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *r = list->items[i], *v[RO_N];
        role_in ri;
        memset(&ri, 0, sizeof ri); /* padding too: the model is written to disk */
        ri.ld = ld;
        if (np_ywalk(ld->rep, ld->file, r, &role_keys, NULL, v, &ri) < 0) {
            bad = -1;
            continue;
        }
        char *lt = np_normalize_dup(v[RO_TITLE]->str, v[RO_TITLE]->len, 1);
        ri.role.title = np_pool_add(&ld->lx->pool, lt, strlen(lt));
        free(lt);
        if (ri.of)
            push_ref(ld, entry, 2, (uint32_t)g->nroles, ri.of);
        NP_GROW(g->roles, g->roles_cap, g->nroles + 1);
        g->roles[g->nroles++] = ri.role;
    }
    e->nroles = (uint32_t)g->nroles - e->roles;
    return bad;
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

static int type_named(const char *type)
{
    return !strcmp(type, "person") ? NP_PERSON : !strcmp(type, "place") ? NP_PLACE
                                               : !strcmp(type, "organization") ? NP_ORG : -1;
}

/* Checks an entry's strings (v: its values from np_ywalk); returns its type
 * (np_etype), or -1 when something is wrong (every problem reported). */
static int check_entry(loader *ld, const np_ynode *node, const np_ynode **v)
{
    const char *id = str(v[F_ID]), *name = str(v[F_NAME]), *type = str(v[F_TYPE]), *country = str(v[F_COUNTRY]),
               *casev = str(v[F_CASE]), *replace = str(v[F_REPLACE]);
    if (!id || !*id)
        return fail(ld, node, "the entry has no 'id'");
    int bad = 0, good_id = valid_id(id), t = -1;
    if (!good_id)
        bad = fail(ld, v[F_ID], "bad id '%s' (want person:, place: or org: and a slug of a-z, 0-9 and -)", id);
    if (!name || !*name)
        bad = fail(ld, node, "entry '%s' has no 'name'", id);
    if (!type)
        bad = fail(ld, node, "entry '%s' has no 'type' (person, place or organization)", id);
    else if ((t = type_named(type)) < 0)
        bad = fail(ld, v[F_TYPE], "unknown type '%s' (expected person, place or organization)", type);
    size_t pl = t < 0 ? 0 : strlen(np_etype_prefix(t));
    if (t >= 0 && good_id && (strncmp(id, np_etype_prefix(t), pl) != 0 || id[pl] != ':'))
        bad = fail(ld, v[F_ID], "id '%s' does not fit type %s (want %s:...)", id, type, np_etype_prefix(t));
    if (country && !(strlen(country) == 2 && country[0] >= 'A' && country[0] <= 'Z' && country[1] >= 'A' &&
                     country[1] <= 'Z'))
        bad = fail(ld, v[F_COUNTRY], "country must be an ISO 3166-1 alpha-2 code such as JP, not '%s'", country);
    if (casev && strcmp(casev, "sensitive") && strcmp(casev, "insensitive"))
        bad = fail(ld, v[F_CASE], "'case' must be sensitive or insensitive");
    if (replace && strcmp(replace, "true") && strcmp(replace, "false"))
        bad = fail(ld, v[F_REPLACE], "'replace' must be true or false");
    if (v[F_FAMILY] && t >= 0 && t != NP_PERSON)
        bad = fail(ld, v[F_FAMILY], "'family' is for people only");
    return bad < 0 ? -1 : t;
}

/* The entry for id: a new one, or old (>= 0) replaced, its names
 * forgotten. */
static np_gz_entry *new_entry(loader *ld, const np_ynode *node, const char *id, const char *name,
                              const char *subtype, int t, long old)
{
    np_lexicon *lx = ld->lx;
    np_gazetteer *g = ld->g;
    uint32_t idx;
    if (old >= 0) {
        idx = (uint32_t)old;
        for (size_t c = 0; c < g->ncands; c++)
            if (g->cands[c].entry == idx)
                g->cands[c].flags |= NP_GC_DEAD;
    } else {
        NP_GROW(g->entries, g->cap, g->n + 1);
        idx = (uint32_t)g->n++;
    }
    np_gz_entry *e = &g->entries[idx];
    memset(e, 0, sizeof *e);
    e->id = np_pool_add(&lx->pool, id, strlen(id));
    e->name = name ? np_pool_add(&lx->pool, name, strlen(name)) : 0;
    e->subtype = subtype ? np_pool_add(&lx->pool, subtype, strlen(subtype)) : 0;
    e->type = (uint8_t)t;
    e->file = ld->file_off;
    e->line = (uint32_t)node->line;
    if (old < 0)
        id_insert(lx, g, idx);
    return e;
}

/* The last word of a person's name that is not a generational suffix
 * (Jr., Sr., II, III, IV), with its length in *n; NULL for a name of one
 * word. */
static const char *derived_family_name(const char *name, size_t *n)
{
    static const char *const suffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", NULL};
    size_t end = strlen(name);
    for (;;) {
        while (end && (name[end - 1] == ' ' || name[end - 1] == ','))
            end--;
        size_t start = end;
        while (start && name[start - 1] != ' ')
            start--;
        if (!start)
            return NULL; /* one word left */
        int suffix = 0;
        for (int i = 0; suffixes[i] && !suffix; i++)
            suffix = strlen(suffixes[i]) == end - start && !memcmp(name + start, suffixes[i], end - start);
        if (!suffix) {
            *n = end - start;
            return name + start;
        }
        end = start;
    }
}

/* The names of entry e (index idx): its name, the name without an Arabic
 * article, aliases, demonyms and a person's family name. */
static int add_names(loader *ld, const np_ynode **v, uint32_t idx, np_gz_entry *e)
{
    const char *name = v[F_NAME]->str;
    uint16_t base = (e->flags & NP_GE_CASE) ? NP_GC_CASE : 0;
    int bad = add_name(ld, v[F_NAME], idx, name, strlen(name), base | NP_GC_NAME);
    /* "Al Sharqiya", "Al-Ahram": news also writes them without the article */
    if (e->type != NP_PERSON && (!strncmp(name, "Al ", 3) || !strncmp(name, "Al-", 3) || !strncmp(name, "El ", 3)) &&
        strlen(name) > 6 && name[3] >= 'A' && name[3] <= 'Z' && !strchr(name + 3, ' '))
        bad |= add_name(ld, v[F_NAME], idx, name + 3, strlen(name + 3), base | NP_GC_ALIAS | NP_GC_CASE);
    bad |= add_aliases(ld, v[F_ALIASES], idx, base);
    const np_ynode *dem = v[F_DEMONYMS];
    if (dem && dem->type != NP_Y_SEQ)
        bad = fail(ld, dem, "'demonyms' must be a list");
    for (size_t i = 0; dem && dem->type == NP_Y_SEQ && i < dem->n; i++) {
        if (dem->items[i]->type != NP_Y_SCALAR || !dem->items[i]->len)
            bad = fail(ld, dem->items[i], "a demonym must be a string");
        else
            bad |= add_name(ld, dem->items[i], idx, dem->items[i]->str, dem->items[i]->len, base | NP_GC_DEMONYM);
    }
    if (e->type == NP_PERSON) {
        /* the family name: given, or the last word of the name before a
         * generational suffix ("Surangel Whipps Jr." gives "Whipps") */
        const char *fam = str(v[F_FAMILY]);
        size_t flen = fam ? strlen(fam) : 0;
        if (!fam)
            fam = derived_family_name(name, &flen);
        if (fam) {
            e->family = np_pool_add(&ld->lx->pool, fam, flen);
            bad |= add_name(ld, v[F_NAME], idx, fam, flen, base | NP_GC_FAMILY);
        }
    }
    return bad;
}

/* The type an id's prefix names (the id is valid). */
static int type_of_id(const char *id)
{
    return id[1] == 'e' ? NP_PERSON : id[1] == 'l' ? NP_PLACE : NP_ORG;
}

static int add_entry(loader *ld, const np_ynode *node)
{
    np_lexicon *lx = ld->lx;
    np_gazetteer *g = ld->g;
    const np_ynode *v[F_N];
    if (np_ywalk(ld->rep, ld->file, node, &entry_keys, ld->defaults, v, NULL) < 0)
        return -1;
    int t = check_entry(ld, node, v);
    const char *id = str(v[F_ID]), *replace = str(v[F_REPLACE]), *subtype = str(v[F_SUBTYPE]);
    /* When every problem is wanted, an unsound entry whose id is sound is
     * read on, and kept without names: a second entry with that id, and
     * references to it, are then judged as if the entry were sound */
    if (t < 0 && (np_yreport_stop(ld->rep) || !id || !valid_id(id)))
        return -1;
    long old = np_gazetteer_find(g, lx, id);
    if (old >= 0 && (!replace || strcmp(replace, "true"))) {
        const np_gz_entry *o = &g->entries[old];
        return fail(ld, v[F_ID], "duplicate id '%s' (first defined at %s:%u; add 'replace: true' to "
                    "override it)", id, np_pool_str(&lx->pool, o->file), o->line);
    }
    np_gz_entry *e = new_entry(ld, node, id, str(v[F_NAME]), subtype, t < 0 ? type_of_id(id) : t, old);
    uint32_t idx = (uint32_t)(e - g->entries);
    const char *country = str(v[F_COUNTRY]), *casev = str(v[F_CASE]);
    if (country && strlen(country) == 2)
        memcpy(e->country, country, 3);
    if (casev && !strcmp(casev, "sensitive"))
        e->flags |= NP_GE_CASE;

    double lat = NAN, lon = NAN, pop = 0, prior = -1;
    int bad = scalar_num(ld, v[F_LAT], "lat", -90, 90, &lat);
    bad |= scalar_num(ld, v[F_LON], "lon", -180, 180, &lon);
    bad |= scalar_num(ld, v[F_POPULATION], "population", 0, 1e11, &pop);
    bad |= scalar_num(ld, v[F_PRIOR], "prior", 0, 1e6, &prior);
    if (!isnan(lat) && !isnan(lon)) {
        e->lat = (float)lat;
        e->lon = (float)lon;
        e->flags |= NP_GE_COORD;
    }
    e->population = (float)pop;
    bad |= add_ref(ld, idx, 0, v[F_LOCATED_IN]);
    bad |= add_ref(ld, idx, 1, v[F_CAPITAL]);
    bad |= parse_roles(ld, v[F_ROLES], idx, e);
    e->prior = prior >= 0 ? (float)prior : default_prior(e, subtype ? subtype : "");
    e->attrs = render_attrs(ld, node);
    return t < 0 ? -1 : bad | add_names(ld, v, idx, e);
}

static void load_file(loader *ld, const char *path)
{
    np_error yerr;
    np_ystream *st = np_ystream_open(path, &yerr);
    if (!st) {
        np_yreport_error(ld->rep, &yerr);
        return;
    }
    ld->g->nfiles++;
    ld->file = path;
    ld->file_off = np_pool_add(&ld->lx->pool, path, strlen(path));
    ld->defaults = NULL;
    int saw_entries = 0;
    const char *key;
    while (!np_yreport_stop(ld->rep) && (key = np_ystream_next_key(st))) {
        if (!strcmp(key, "defaults")) {
            np_ynode_free(ld->defaults);
            ld->defaults = np_ystream_value(st);
            if (ld->defaults && ld->defaults->type != NP_Y_MAP) {
                fail(ld, ld->defaults, "'defaults' must be a mapping");
                np_ynode_free(ld->defaults);
                ld->defaults = NULL;
            }
        } else if (!strcmp(key, "entries")) {
            saw_entries = 1;
            if (np_ystream_list_begin(st) < 0)
                break;
            np_ynode *item;
            while (!np_yreport_stop(ld->rep) && (item = np_ystream_list_next(st))) {
                add_entry(ld, item);
                np_ynode_free(item);
            }
        } else {
            if (strcmp(key, "description"))
                np_yreport_at(ld->rep, path, np_ystream_key_line(st), np_ystream_key_col(st),
                              "unknown top-level key '%s' (expected defaults, entries, description)", key);
            if (!np_yreport_stop(ld->rep))
                np_ynode_free(np_ystream_value(st));
        }
    }
    if (np_ystream_failed(st))
        np_yreport_error(ld->rep, &yerr);
    else if (!saw_entries && !np_yreport_stop(ld->rep))
        np_yreport_at(ld->rep, path, 1, 1, "no 'entries' list");
    np_ynode_free(ld->defaults);
    ld->defaults = NULL;
    np_ystream_close(st);
}

static void resolve_refs(loader *ld)
{
    np_gazetteer *g = ld->g;
    for (size_t i = 0; i < ld->nrefs && !np_yreport_stop(ld->rep); i++) {
        pending_ref *r = &ld->refs[i];
        long t = np_gazetteer_find(ld->g, ld->lx, r->id);
        if (t < 0) {
            static const char *what[] = {"located_in", "capital", "role 'of'"};
            np_yreport_at(ld->rep, np_pool_str(&ld->lx->pool, r->file), r->line, r->col,
                          "%s refers to unknown id '%s'", what[r->kind], r->id);
        } else if (r->kind == 0)
            g->entries[r->entry].located_in = (uint32_t)t + 1;
        else if (r->kind == 1)
            g->entries[r->entry].capital = (uint32_t)t + 1;
        else
            g->roles[r->role].of = (uint32_t)t + 1;
    }
}

/* A derived family name is weak when it names something else too, or is an
 * ordinary word, a common surname or a given name. */
void np_gz_person_keys(const np_lexicon *lx, const char *name, const char *family, char **given_key,
                       char **family_key)
{
    np_buf keys = {0};
    size_t n = np_tokenize_keys(lx, name, strlen(name), &keys, 1);
    *given_key = NULL;
    *family_key = NULL;
    if (n >= 2) {
        *given_key = np_xstrdup(keys.data);
        const char *k = keys.data;
        for (size_t i = 0; i + 1 < n; i++)
            k += strlen(k) + 1;
        *family_key = np_xstrdup(k);
    }
    np_buf_free(&keys);
    if (family) {
        free(*family_key);
        *family_key = np_normalize_dup(family, strlen(family), 1);
    }
}

/* The keys of every person's name (given_key, family_key), as the entity
 * stage reads them for each document that names the person. */
static void store_person_keys(np_lexicon *lx, np_gazetteer *g)
{
    for (size_t i = 0; i < g->n; i++) {
        np_gz_entry *e = &g->entries[i];
        if (e->type != NP_PERSON)
            continue;
        /* (copies: adding to the pool may move it) */
        char *name = np_xstrdup(np_pool_str(&lx->pool, e->name));
        char *family = e->family ? np_xstrdup(np_pool_str(&lx->pool, e->family)) : NULL;
        char *gk, *fk;
        np_gz_person_keys(lx, name, family, &gk, &fk);
        e->given_key = gk ? np_pool_add(&lx->pool, gk, strlen(gk)) : 0;
        e->family_key = fk ? np_pool_add(&lx->pool, fk, strlen(fk)) : 0;
        free(gk);
        free(fk);
        free(name);
        free(family);
    }
}

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

static void load_path(loader *ld, const char *path, int must_exist)
{
    char **files;
    size_t n;
    np_error sub;
    if (np_list_yaml(path, &files, &n, &sub) < 0) {
        /* not a directory: a single file */
        if (must_exist)
            load_file(ld, path);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!np_yreport_stop(ld->rep))
            load_file(ld, files[i]);
        free(files[i]);
    }
    free(files);
}

np_gazetteer *np_gazetteer_load_report(np_lexicon *lx, const char *datadir, const char *const *extra, size_t nextra,
                                       struct np_yreport *rep)
{
    np_gazetteer *g = np_xcalloc(1, sizeof *g);
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.lx = lx;
    ld.g = g;
    ld.rep = rep;
    if (datadir) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s/gazetteers", datadir);
        load_path(&ld, dir, 0);
    }
    for (size_t i = 0; !np_yreport_stop(rep) && i < nextra; i++)
        load_path(&ld, extra[i], 1);
    if (!np_yreport_stop(rep))
        resolve_refs(&ld);
    for (size_t i = 0; i < ld.nrefs; i++)
        free(ld.refs[i].id);
    free(ld.refs);
    free(ld.ids);
    np_buf_free(&ld.keys);
    np_norm_scratch_free(&ld.sc);
    if (np_yreport_stop(rep)) {
        np_gazetteer_free(g);
        return NULL;
    }
    np_trie_finish(&g->names);
    weaken_family_names(lx, g);
    np_gazetteer_index_offices(g);
    store_person_keys(lx, g);
    return g;
}

static int office_cmp_key(const np_gz_office *a, const char *cc, uint32_t of)
{
    int c = strncmp(a->country, cc, sizeof a->country); /* a damaged model's code may lack its NUL */
    return c ? c : (a->of > of) - (a->of < of);
}

static int office_cmp(const void *pa, const void *pb)
{
    const np_gz_office *a = pa, *b = pb;
    int c = office_cmp_key(a, b->country, b->of);
    return c ? c : (a->role > b->role) - (a->role < b->role);
}

void np_gazetteer_free_offices(np_gazetteer *g)
{
    free(g->offices);
    free(g->terms);
    g->offices = NULL;
    g->terms = NULL;
    g->noffices = g->nterms = 0;
}

static void read_term_end(const char *s, int16_t *y, int8_t *m, int8_t *d, int8_t *prec)
{
    np_date v;
    if (!s[0])
        *prec = 0;
    else if (np_date_parse(s, &v) < 0)
        *prec = -1;
    else {
        *y = (int16_t)v.y;
        *m = (int8_t)v.m;
        *d = (int8_t)v.d;
        *prec = (int8_t)v.prec;
    }
}

void np_gazetteer_index_offices(np_gazetteer *g)
{
    np_gazetteer_free_offices(g);
    if (g->nroles) {
        g->terms = np_xcalloc(g->nroles, sizeof *g->terms);
        g->nterms = g->nroles;
        for (size_t r = 0; r < g->nroles; r++) {
            np_gz_term *t = &g->terms[r];
            read_term_end(g->roles[r].from, &t->from_y, &t->from_m, &t->from_d, &t->from_prec);
            read_term_end(g->roles[r].to, &t->to_y, &t->to_m, &t->to_d, &t->to_prec);
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->entries[i].type == NP_PERSON)
            n += g->entries[i].nroles;
    if (!n)
        return;
    g->offices = np_xmalloc(n * sizeof *g->offices);
    for (size_t i = 0; i < g->n; i++) {
        const np_gz_entry *e = &g->entries[i];
        for (uint32_t k = 0; e->type == NP_PERSON && k < e->nroles; k++) {
            const np_gz_role *r = &g->roles[e->roles + k];
            np_gz_office *o = &g->offices[g->noffices++];
            memset(o, 0, sizeof *o);
            const np_gz_entry *of = r->of && r->of <= g->n ? &g->entries[r->of - 1] : NULL;
            if (of && of->type == NP_PLACE && of->country[0])
                memcpy(o->country, of->country, sizeof o->country);
            else
                o->of = r->of;
            o->role = e->roles + k;
            o->entry = (uint32_t)i;
        }
    }
    np_sort(g->offices, g->noffices, sizeof *g->offices, office_cmp);
}

const np_gz_office *np_gazetteer_offices(const np_gazetteer *g, const char *cc, uint32_t of, size_t *n)
{
    size_t lo = 0, hi = g->noffices;
    while (lo < hi) { /* the first office not before (cc, of) */
        size_t mid = lo + (hi - lo) / 2;
        if (office_cmp_key(&g->offices[mid], cc, of) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < g->noffices && !office_cmp_key(&g->offices[end], cc, of))
        end++;
    *n = end - lo;
    return g->offices + lo;
}

np_gazetteer *np_gazetteer_load(np_lexicon *lx, const char *datadir, const char *const *extra, size_t nextra, np_error *err)
{
    np_yreport rep = {err, NULL, NULL, 0};
    return np_gazetteer_load_report(lx, datadir, extra, nextra, &rep);
}

void np_gazetteer_free(np_gazetteer *g)
{
    if (!g)
        return;
    free(g->entries);
    free(g->roles);
    free(g->cands);
    free(g->id_slots);
    np_gazetteer_free_offices(g);
    np_trie_free(&g->names);
    free(g);
}
