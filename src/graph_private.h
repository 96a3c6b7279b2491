/*
 * graph_private.h: the graph's layout. graph.c builds it and emit_json.c
 * streams it as the contract JSON; of the rest, only the unit tests
 * (check_entities.c, check_relations.c) look inside, to read the nodes
 * and links without parsing JSON. Everything else, merging (gjson.c)
 * and the other formats included, goes through graph.h and the JSON.
 */
#ifndef NP_GRAPH_PRIVATE_H
#define NP_GRAPH_PRIVATE_H

#include "graph.h"

typedef struct np_gdoc {
    char *name;
    char *id;
    char date[11];
    char *date_source;
    size_t length;     /* code points */
    size_t sentences;
    char *dateline_place; /* the dateline's place node, or NULL when none was recognized */
    char dateline_date[11];
    char *dateline_rule;
} np_gdoc;

typedef struct np_gmention {
    uint32_t doc;      /* index into docs */
    uint32_t start, end; /* code points */
    uint32_t sentence;
    char *text;
} np_gmention;

typedef struct np_gnode {
    char *id, *label;
    int type;          /* np_etype */
    char *subtype;     /* for nodes without gazetteer attributes */
    char *attrs;       /* members of a JSON object ("k":v,...) from the gazetteer, or NULL */
    char *role;        /* a role the text gives it */
    char country[4];   /* a nationality the text gives it (when attrs has none) */
    char *why;         /* how it was found */
    int derived;       /* found from cues, not in a gazetteer */
    char **aliases;    /* distinct surface forms other than the label */
    size_t naliases, aliases_cap;
    np_gmention *ments;
    size_t nments, ments_cap;
} np_gnode;

typedef struct np_evidence {
    uint32_t doc;
    uint32_t sentence;
    uint32_t start, end; /* code points of the sentence */
    const char *text;  /* the sentence, in the graph's sentence store */
    char *rule;
} np_evidence;

typedef struct np_glink {
    char *source, *target, *relation;
    char *place;       /* node id or NULL */
    char *date;        /* ISO 8601 or NULL */
    char *status;      /* occurred, planned, or NULL */
    char *cameo;       /* met, visited, called: the CAMEO code read from source to target, or NULL */
    char *title;       /* holds_role: the title */
    char *rule;        /* the first rule that produced it */
    char *place_from;  /* where its place and date came from (sentence, dateline, visit, ...), or NULL */
    char *date_from;
    uint32_t last_doc; /* the last document that added to it, + 1 */
    double weight;
    np_evidence *ev;
    size_t nev, ev_cap;
} np_glink;

struct np_graph {
    np_gdoc *docs;
    size_t ndocs, docs_cap;
    np_gnode *nodes;
    size_t nnodes, nodes_cap;
    size_t nodes_owned;    /* nodes[0..nodes_owned) own their aliases and
                              mentions (kept by np_graph_clear for reuse) */
    uint32_t *node_slots;  /* id → node index + 1 */
    size_t nnode_slots;
    np_glink *links;
    size_t nlinks, links_cap;
    size_t links_owned;    /* links[0..links_owned) own their evidence arrays */
    uint32_t *link_slots;  /* link key → link index + 1 */
    size_t nlink_slots;
    /* every string of the graph, in blocks freed with it (a graph of one
     * record makes hundreds: one allocation each cost more than the rest) */
    np_arena strs;
    /* evidence sentences, one copy each however many links cite it */
    struct np_gsent { char *text; uint32_t end; } *sents;
    size_t nsents, sents_cap;
    np_u64map sent_of;     /* document index << 32 | first byte → sents index + 1 */
};

#endif
