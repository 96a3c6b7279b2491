/*
 * gjson.h: graphs as JSON values (jansson), in the form of
 * doc/graph-contract.md. nerpipe's own graphs are converted to
 * it for the writers of other formats (formats.h); graphs read back from
 * files are merged here (`nerpipe merge`).
 *
 * Merging unions nodes by id and links by key (source, target, relation,
 * place, date; the pair unordered for "met"), sums weights, unions aliases
 * and collects evidence and mentions with their documents. The result is
 * put in a canonical order, and when two inputs give one node or link
 * different values for the same key (a link's "status" or "rule", a
 * node's "role"), the least value wins: strings by their bytes, other
 * values by their canonical JSON text. That rule does not depend on
 * order, so merging is associative and commutative and can be the reduce
 * step of a map-reduce; such conflicts are counted (np_merge_conflicts).
 *
 * The error lines of --jsonl, and the graph.errors of inputs, add up to
 * graph.errors: {"count": N, "ids": [...]}, the ids sorted by the same
 * order of values.
 *
 * Memory is that of the merged result plus one input value: inputs are
 * read one value at a time, and repeated aliases are kept once.
 */
#ifndef NP_GJSON_H
#define NP_GJSON_H

#include "graph.h"
#include "np.h"

#include <stdio.h>

struct json_t; /* jansson's value: only gjson.c and its callers that parse JSON look inside */

/* The contract JSON of g (a new reference). */
struct json_t *np_gjson_from_graph(const np_graph *g);

typedef struct np_merge np_merge;

np_merge *np_merge_new(void);
/* Keeps at most max evidence entries per link in the result, the most
 * recent (nerpipe.h); NP_MERGE_ALL_EVIDENCE, the default, keeps all. */
void np_merge_set_evidence(np_merge *merge, size_t max);
/* Adds graph g, taking its reference (its evidence and mentions move into
 * the merge). Returns -1 with err set when g is not a graph of the
 * contract, 1 with err set when some of its nodes or links had no id or
 * no ends and were left out, else 0; what names g in err. */
int np_merge_add(np_merge *merge, struct json_t *g, const char *what, np_error *err);
/* Adds every graph that f holds: JSON documents (compact or indented)
 * one after another, or the JSON lines of nerpipe --jsonl (error lines
 * are counted with their ids in the result's graph.errors). A broken value is reported to report (when not NULL) as
 * "line N: what is wrong" and the values around it are still added.
 * Returns the number of problems reported. */
size_t np_merge_add_stream(np_merge *merge, FILE *f, void (*report)(const char *msg, void *ctx), void *ctx);
/* How many conflicting values were settled by the least-value rule; with
 * out, what they were ("link rule 3, link status 1"). */
size_t np_merge_conflicts(const np_merge *merge, np_buf *out);
/* The merged graph in canonical order, object keys sorted (a new
 * reference). It empties merge of nodes and links: free it next. */
struct json_t *np_merge_result(np_merge *merge);
void np_merge_free(np_merge *merge);

#endif
