/*
 * nerpipe.h: the nerpipe library. Finds the people, places and organizations
 * that news text names and who met whom, where and when, as a graph.
 *
 * Ownership (for every function below):
 *  - np_*_open and np_*_new return an object the caller owns; free it with
 *    the matching np_*_free, which accepts NULL. Nothing else returns memory
 *    the caller must free unless its comment says "caller frees".
 *  - Pointer arguments are borrowed for the call only; the library keeps no
 *    pointer to them (text is copied).
 *  - A model is read-only once opened: any number of threads may share one.
 *    A graph or a merge is used by one thread at a time.
 * Errors are data: a function that fails returns NULL or a negative number
 * and fills err ("file:line:column: what is wrong" for broken data files);
 * err may be NULL. The library never prints: warnings (repaired input, a
 * stale compiled model) go to the process-wide hook of np_set_warn_handler
 * (default: stderr).
 *
 * Data: a model is built from a data directory (gazetteers/ and rules/),
 * installed as the pkg-config variable pkgdatadir of nerpipe
 * (`pkg-config --variable=pkgdatadir nerpipe`). The library finds it at
 * run time only: the path given, else $NERPIPE_DATA, else the installed one.
 */
#ifndef NERPIPE_H
#define NERPIPE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_model np_model; /* opaque */
typedef struct np_graph np_graph; /* opaque */
typedef struct np_merge np_merge; /* opaque */

/* An error message, filled in before a function returns failure. */
typedef struct np_error {
    char msg[1024];
} np_error;

/* Warnings go through one process-wide hook; fn NULL restores the default,
 * which writes "nerpipe: warning: MSG" to stderr. */
typedef void (*np_warn_fn)(const char *msg, void *ctx);
void np_set_warn_handler(np_warn_fn fn, void *ctx);

/* ---- models ---- */

typedef struct np_model_opts {
    const char *datadir;                 /* NULL: $NERPIPE_DATA, else the installed data */
    const char *const *extra_gazetteers; /* more gazetteer files or directories */
    size_t nextra_gazetteers;
    const char *compiled;                /* a compiled model file (nerpipe compile) to map,
                                          * rebuilt when stale; NULL: read the YAML */
} np_model_opts;

/* Loads a model; NULL with err set. */
np_model *np_model_open(const np_model_opts *opts, np_error *err);
typedef struct np_model_info {
    const char *origin;   /* "yaml", "mapped" or "rebuilt"; owned by the model */
    double load_seconds;
    size_t entries;       /* gazetteer entries */
    size_t rules;         /* relation rules */
} np_model_info;
void np_model_get_info(const np_model *m, np_model_info *out);
void np_model_free(np_model *m);

/* What np_model_compile returns on failure (err says why). */
enum {
    NP_COMPILE_DATA = -1,  /* the data cannot be loaded */
    NP_COMPILE_OUTPUT = -2 /* path cannot be written, or holds something that
                            * is not a nerpipe model (never replaced) */
};
/* Loads the YAML data of opts (opts->compiled is ignored) and writes it to
 * path as a compiled model, through a temporary file renamed over it: on
 * failure path is as it was. Returns 0 and fills info (when not NULL) with
 * what was compiled, or NP_COMPILE_DATA or NP_COMPILE_OUTPUT with err set.
 * A path that holds something other than a model is refused before the
 * data is loaded. */
int np_model_compile(const np_model_opts *opts, const char *path, np_model_info *info, np_error *err);

/* ---- documents and graphs ---- */

enum {
    NP_TEXT_QUIET = 1,          /* no warnings about repaired, empty or blank text */
    NP_TEXT_DATE_FROM_INPUT = 2 /* the graph's document record gives the date as
                                 * from the input ("input"), not an option */
};
typedef struct np_text_opts {
    const char *name; /* for messages and the graph's document record; NULL: "-" */
    const char *id;   /* a JSON-lines id, or NULL */
    const char *date; /* YYYY-MM-DD, or NULL: found in the text */
    int flags;        /* NP_TEXT_* */
} np_text_opts;

np_graph *np_graph_new(void);
/* Analyzes len bytes of text (any bytes: invalid UTF-8 and NUL bytes become
 * U+FFFD with a warning) and adds what it finds to g as one document.
 * opts may be NULL. Returns 0, or -1 with err set on a bad date or a text
 * too large for the pipeline (4 GiB). */
int np_graph_add_text(np_graph *g, const np_model *m, const char *text, size_t len, const np_text_opts *opts,
                      np_error *err);
/* The number of documents added to g. */
size_t np_graph_ndocs(const np_graph *g);
void np_graph_free(np_graph *g);

/* Output formats: json (node-link, the default), cytoscape, graphml, gexf,
 * dot, jgf; and for event data, events (a CSV table of the met, visited
 * and called links), events-tsv (the same table as TSV) and geojson
 * (those links and the places as points). */
enum np_graph_format { NP_FORMAT_JSON, NP_FORMAT_CYTOSCAPE, NP_FORMAT_GRAPHML,
                       NP_FORMAT_GEXF, NP_FORMAT_DOT, NP_FORMAT_JGF,
                       NP_FORMAT_EVENTS, NP_FORMAT_EVENTS_TSV, NP_FORMAT_GEOJSON };
/* A format by its name ("json", "events-tsv", ...); -1 when unknown. */
int np_graph_format_parse(const char *name);
enum {
    NP_WRITE_PRETTY = 1,      /* indent JSON output */
    NP_WRITE_DOT_ISOLATED = 2 /* dot: draw the nodes that have no link too
                               * (left out by default) */
};
/* Writes g to out in format (flags: NP_WRITE_*). Returns 0; -1 with err set
 * when writing failed (errno tells why; the output is then incomplete); -2
 * with err set on an internal error (nothing was written). */
int np_graph_write(const np_graph *g, int format, int flags, FILE *out, np_error *err);

/* ---- merging graphs ---- */

/* Problems found in an input, as data: n messages "NAME: line N: what is
 * wrong", filled by np_merge_read; caller frees them with np_problems_free
 * (which frees the messages, not p itself, and empties p). */
typedef struct np_problems {
    char **msgs;
    size_t n;
} np_problems;
void np_problems_free(np_problems *p);

/* A union of graphs: nodes by id, links by their key (pair, relation, place,
 * date); merging is associative and order-independent. */
np_merge *np_merge_new(void);
/* Keeps at most max evidence entries per link in the written graph: the
 * most recent, that is those of the documents with the latest "date"
 * (compared as text, so ISO dates compare in time; documents without a
 * date come last), and among entries of one date those of the earlier
 * document in the merged graph's list of documents, then the earlier in
 * the text. Kept entries are listed in the usual order (by document, then
 * position). Every link then gets "evidence_count", the number of entries
 * it had before any cut, summed over its inputs (an input's own
 * "evidence_count" counts for its entries), so graphs cut already merge
 * to the same counts. NP_MERGE_ALL_EVIDENCE (the default) keeps all; a
 * link gets "evidence_count" then only when an input had it. Set it
 * before the first np_merge_read. */
#define NP_MERGE_ALL_EVIDENCE ((size_t)-1)
void np_merge_set_evidence(np_merge *mg, size_t max);
/* Adds every graph that f holds (JSON documents one after another, or the
 * JSON lines of nerpipe --jsonl, whose error lines are counted with their
 * ids in graph.errors of the result); name names f in messages. A broken value
 * is appended to problems (when not NULL) and the values around it are
 * still added. Returns the number of problems found in f. */
size_t np_merge_read(np_merge *mg, FILE *f, const char *name, np_problems *problems);
/* How many conflicting values were settled by the least-value rule; when
 * what is not NULL and there were some, *what says which ("link rule 3"),
 * caller frees (NULL when none). */
size_t np_merge_get_conflicts(const np_merge *mg, char **what);
/* Writes the merged graph like np_graph_write. It empties mg: free it next. */
int np_merge_write(np_merge *mg, int format, int flags, FILE *out, np_error *err);
void np_merge_free(np_merge *mg);

#ifdef __cplusplus
}
#endif

#endif
