/*
 * gjson.h: graphs as JSON values (jansson), in the form of
 * doc/graph-contract.md: nerpipe's own graphs are converted to it for the
 * writers of other formats (formats.h); and the readers of the merge
 * (merge.h, `nerpipe merge`): streams of graphs, and jansson's trees.
 */
#ifndef NP_GJSON_H
#define NP_GJSON_H

#include "graph.h"
#include "merge.h"
#include "np.h"

#include <stdio.h>

struct json_t; /* jansson's value: only gjson.c and its callers that parse JSON look inside */

/* The contract JSON of g (a new reference). */
struct json_t *np_gjson_from_graph(const np_graph *g);

/* Adds graph g, taking its reference. Returns -1 with err set when g is
 * not a graph of the contract, 1 with err set when some of its nodes or
 * links had no id or no ends and were left out, else 0; what names g in
 * err. */
int np_merge_add(np_merge *merge, struct json_t *g, const char *what, np_error *err);
/* Adds every graph that f holds: JSON documents (compact or indented)
 * one after another, or the JSON lines of nerpipe --jsonl (error lines
 * are counted with their ids in the result's graph.errors). A broken
 * value is reported to report (when not NULL) as "line N: what is wrong"
 * and the values around it are still added. Returns the number of
 * problems reported. Memory is that of one value (its text and tape) at
 * a time. */
size_t np_merge_add_stream(np_merge *merge, FILE *f, void (*report)(const char *msg, void *ctx), void *ctx);
/* The same read a piece at a time, for a file still being written: the
 * bytes are given as they come (feed), and each line is read when its
 * newline has come; end reads the last line (one without a newline), reports
 * a value cut short and, when read_errno is not 0, a read error, frees the
 * reader and returns the number of problems reported. */
typedef struct np_merge_lines np_merge_lines;
np_merge_lines *np_merge_lines_new(np_merge *merge, void (*report)(const char *msg, void *ctx), void *ctx);
void np_merge_lines_feed(np_merge_lines *r, const char *s, size_t n);
size_t np_merge_lines_end(np_merge_lines *r, int read_errno);
/* The merged graph as a jansson value (np_merge_write_json's, read back;
 * a new reference), for the formats other than JSON. It empties merge of
 * nodes and links: free it next. */
struct json_t *np_merge_result(np_merge *merge);

#endif
