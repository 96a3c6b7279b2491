/*
 * gjson.h: graphs as JSON values (jansson), in the form of
 * ../shared/docs/graph-contract.md. nerpipe's own graphs are converted to
 * it for the writers of other formats (formats.h); graphs read back from
 * files are merged here (`nerpipe merge`).
 *
 * Merging unions nodes by id and links by key (source, target, relation,
 * place, date; the pair unordered for "met"), sums weights and
 * concatenates evidence and mentions with their documents. The result is
 * put in a canonical order and conflicting values are settled by a rule
 * that does not depend on order (the least value wins), so merging is
 * associative and commutative: it can be the reduce step of a map-reduce.
 */
#ifndef NP_GJSON_H
#define NP_GJSON_H

#include "graph.h"
#include "np.h"

#include <jansson.h>

/* The contract JSON of g (a new reference). */
json_t *np_gjson_from_graph(const np_graph *g);

typedef struct np_merge np_merge;

np_merge *np_merge_new(void);
/* Adds graph g (borrowed); returns -1 with err set when g is not a graph
 * of the contract (what names where). */
int np_merge_add(np_merge *m, json_t *g, const char *what, np_error *err);
/* The merged graph in canonical order, object keys sorted (a new
 * reference). */
json_t *np_merge_result(np_merge *m);
void np_merge_free(np_merge *m);

#endif
