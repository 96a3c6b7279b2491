/*
 * entities.h: stage 4, the people, places and organizations of a
 * document.
 *
 * Owns the document's entities (one per node of the graph) and their
 * mentions. Per segment it (1) matches gazetteer names (matcher.c), (2)
 * finds names no gazetteer knows from cues (names.c: titles, given names,
 * organization and place patterns), then (3) resolves: picks one entry for
 * an ambiguous name by type cues, the rest of the document and priors;
 * links family names, given names, "Mr X" and acronyms to the entity the
 * document introduced; and records why, for --stage=entities.
 */
#ifndef NP_ENTITIES_H
#define NP_ENTITIES_H

#include "doc.h"
#include "jsonw.h"
#include "model.h"

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
    uint32_t title;        /* title index before it, or UINT32_MAX */
    uint8_t how;           /* np_how */
    uint8_t pad[3];
} np_mention;

typedef struct np_entity {
    long gz;               /* gazetteer entry, or -1 when found from cues */
    int type;              /* np_etype */
    char *id, *label, *subtype; /* owned */
    char *role;            /* a role the text gives it ("foreign minister"), owned or NULL */
    char country[4];       /* a nationality the text gives it, or "" */
    char *why;             /* how it was found or chosen (owned) */
    char *family, *given;  /* people: keys of the family and given name (owned) */
    uint32_t nmentions;
    uint32_t first_sent;
} np_entity;

/* An index of people by the key of their family or given name. */
typedef struct np_name_index {
    struct np_name_slot *slots;
    size_t n, cap;          /* cap: power of two */
} np_name_index;

typedef struct np_doc_ext {
    np_mention *ments;
    size_t nments, ments_cap;
    np_entity *ents;
    size_t nents, ents_cap;
    uint32_t *ent_slots;   /* id → entity index + 1 */
    size_t nent_slots;
    np_name_index families, givens;
    struct np_rel_state *rel; /* relations.c */
} np_doc_ext;

/* Runs the entity stage on the current segment; with stage output
 * requested (w != NULL), writes one JSON line per mention. */
void np_entities_run(const np_model *m, np_doc *doc, np_jw *w);

/* The document's entity state (created on first use). */
np_doc_ext *np_doc_ext_get(np_doc *doc);
/* The index of the document's entity with this id, or -1. */
long np_entity_find(const np_doc_ext *ext, const char *id);
void np_doc_ext_free(np_doc_ext *ext);

#endif
