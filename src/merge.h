/*
 * merge.h: the union of graphs given as JSON text (`nerpipe merge`), in
 * the form of doc/graph-contract.md, without a JSON tree: each value is
 * read onto a tape (jsontape.h), and what the merge keeps (documents,
 * values, evidence and mention entries) is canonical JSON text, the text
 * that jansson writes for it with sorted keys, so that the merged graph,
 * written straight from it, is the one that merging jansson trees gave.
 *
 * Merging unions nodes by id and links by key (source, target, relation,
 * place, date; the pair unordered for "met" and "called"), sums weights,
 * unions aliases and collects evidence and mentions with their documents. The result is
 * put in a canonical order, and when two inputs give one node or link
 * different values for the same key (a link's "status" or "rule", a
 * node's "role"), the least value wins: strings by their bytes, other
 * values by their canonical JSON text; a link's "cameo" goes with its
 * status (the least code of the inputs whose status won), and a meeting
 * whose ends are put in order reads 042 as 043 and back. That rule does not depend on
 * order, so merging is associative and commutative and can be the reduce
 * step of a map-reduce; such conflicts are counted (np_merge_conflicts).
 * The error lines of --jsonl, and the graph.errors of inputs, add up to
 * graph.errors: {"count": N, "ids": [...]}, the ids sorted by the same
 * order of values. With a cut (np_merge_set_evidence) each link keeps its
 * most recent evidence entries, the others are dropped as graphs are
 * added, and "evidence_count" says how many there were.
 *
 * While merging, every document is named by a key (its canonical text,
 * and for the second and later copies of the same text "#2", "#3", ...),
 * and entries point at documents by it; the result sorts the documents by
 * key and turns the keys into indices. Memory is that of the merged
 * result plus the tape of one input value.
 */
#ifndef NP_MERGE_H
#define NP_MERGE_H

#include "jsonw.h"
#include "np.h"

#include <stddef.h>

typedef struct np_merge np_merge;

np_merge *np_merge_new(void);
/* Keeps at most max evidence entries per link in the result, the most
 * recent (nerpipe.h); NP_MERGE_ALL_EVIDENCE, the default, keeps all. Set
 * it before adding graphs. */
void np_merge_set_evidence(np_merge *merge, size_t max);
void np_merge_free(np_merge *merge);

enum {
    NP_MERGE_DECLINED = -2, /* np_merge_add_text: the text is not one the tape reader takes */
    NP_MERGE_LINE = 1       /* the value may be a line of --jsonl: a result line adds its
                             * graph, an error line counts in graph.errors */
};
/* Adds the graph whose JSON text begins (after white space) at s[0]. With
 * used NULL, s[0..n) is that value and white space; else *used gets the
 * offset just past the value, and what follows is left alone. max_depth:
 * as np_jtape_read. Returns NP_MERGE_DECLINED when the tape reader
 * declines the text (nothing was added: the caller asks jansson, and gives
 * its tree back as canonical text), -1 with err set when it is not a graph
 * of the contract (nothing added), 1 with err set when some of its nodes
 * or links had no id or no ends and were left out, else 0; what names the
 * value in err. */
int np_merge_add_text(np_merge *merge, const char *s, size_t n, size_t *used, int max_depth, int flags,
                      const char *what, np_error *err);
/* How many conflicting values were settled by the least-value rule; with
 * out, what they were ("link rule 3, link status 1"). */
size_t np_merge_conflicts(const np_merge *merge, np_buf *out);
/* Writes the merged graph in canonical order to w, object keys sorted
 * (indented when w is pretty, as jansson's JSON_INDENT(2)), without a
 * newline after it. It empties merge of nodes and links: free it next. */
void np_merge_write_json(np_merge *merge, np_jw *w);

#endif
