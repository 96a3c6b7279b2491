/*
 * graph_private.h: the graph's layout, shared by graph.c, merge.c and the
 * writers (emit_*.c); nothing else looks inside.
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
    char *text;
    char *rule;
} np_evidence;

typedef struct np_glink {
    char *source, *target, *relation;
    char *place;       /* node id or NULL */
    char *date;        /* ISO 8601 or NULL */
    char *status;      /* occurred, planned, or NULL */
    char *title;       /* holds_role: the title */
    char *rule;        /* the first rule that produced it */
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
    uint32_t *node_slots;  /* id → node index + 1 */
    size_t nnode_slots;
    np_glink *links;
    size_t nlinks, links_cap;
    uint32_t *link_slots;  /* link key → link index + 1 */
    size_t nlink_slots;
};

/* Finds the node with id or adds an empty one (label = id). */
np_gnode *np_graph_node(np_graph *g, const char *id, int *created);
/* Finds the link with this key or adds an empty one. */
np_glink *np_graph_link(np_graph *g, const char *source, const char *target, const char *relation,
                        const char *place, const char *date, int *created);
void np_gnode_add_alias(np_gnode *n, const char *alias);
/* *dst becomes a copy of v when it has none or v sorts before it (the
 * rule by which nerpipe merge settles values that documents disagree on). */
void np_graph_keep_least(char **dst, const char *v);
/* Adds a document record and returns its index. */
uint32_t np_graph_add_docinfo(np_graph *g, const char *name, const char *id, const char *date,
                              const char *date_source, size_t length, size_t sentences);

#endif
