/*
 * api.c: the public functions of nerpipe.h, composed of the internal
 * modules: repair → np_doc_new → date → np_pipeline_run → np_graph_add_doc
 * → np_doc_free for a text; the graph's JSON (gjson.h) for other formats
 * and for merging.
 */
#include "nerpipe.h"

#include "api.h"
#include "dates.h"
#include "emit_json.h"
#include "formats.h"
#include "gazetteer.h"
#include "gjson.h"
#include "graph.h"
#include "input.h"
#include "modelfile.h"
#include "pipeline.h"
#include "rules.h"

#include <jansson.h>
#include <errno.h>
#include <string.h>

np_model *np_model_open(const np_model_opts *opts, np_error *err)
{
    static const np_model_opts none = {0};
    if (!opts)
        opts = &none;
    return opts->compiled ? np_modelfile_load(opts, opts->compiled, err) : np_model_load(opts, err);
}

void np_model_get_info(const np_model *m, np_model_info *out)
{
    out->origin = m->origin;
    out->load_seconds = m->load_seconds;
    out->entries = m->gaz ? m->gaz->n : 0;
    out->rules = m->rules ? m->rules->n : 0;
}

int np_model_compile(const np_model_opts *opts, const char *path, np_model_info *info, np_error *err)
{
    np_model_opts yaml = opts ? *opts : (np_model_opts){0};
    yaml.compiled = NULL;
    /* refuse a path that holds something else before the work, and again
     * when writing (np_modelfile_write) */
    if (np_modelfile_check_target(path, err) == NP_MF_REFUSED)
        return NP_COMPILE_OUTPUT;
    np_model *m = np_model_load(&yaml, err);
    if (!m)
        return NP_COMPILE_DATA;
    np_error werr;
    int wrc = np_modelfile_write(m, &yaml, path, &werr);
    if (wrc == NP_MF_REFUSED)
        np_error_set(err, "%s", werr.msg);
    else if (wrc < 0)
        np_error_set(err, "cannot write the compiled model: %s", werr.msg);
    else if (info)
        np_model_get_info(m, info);
    np_model_free(m);
    return wrc < 0 ? NP_COMPILE_OUTPUT : 0;
}

np_doc *np_text_doc(char *text, size_t len, const np_text_opts *opts, np_error *err)
{
    static const np_text_opts none = {0};
    if (!opts)
        opts = &none;
    const char *name = opts->name ? opts->name : "-";
    int quiet = opts->flags & NP_TEXT_QUIET;
    char day[11];
    if (opts->date && !np_date_day(opts->date, strlen(opts->date), day)) {
        np_error_set(err, "%s: not a real date as YYYY-MM-DD: '%s'", name, opts->date);
        free(text);
        return NULL;
    }
    np_repair rep;
    text = np_utf8_repair(text, &len, &rep);
    if (rep.invalid && !quiet)
        np_warn("invalid UTF-8 at byte offset %zu; %zu invalid sequence%s replaced by U+FFFD", rep.first_invalid,
                rep.invalid, rep.invalid == 1 ? "" : "s");
    if (rep.nuls && !quiet)
        np_warn("%zu NUL byte%s replaced by U+FFFD", rep.nuls, rep.nuls == 1 ? "" : "s");
    if (len > NP_MAX_INPUT) {
        free(text);
        np_error_set(err, "%s: input too large after repair", name);
        return NULL;
    }
    size_t k = 0;
    while (k < len && (text[k] == ' ' || text[k] == '\n' || text[k] == '\r' || text[k] == '\t'))
        k++;
    if (k == len && !quiet)
        np_warn(len ? "the input is only white space" : "the input is empty");
    np_doc *doc = np_doc_new(text, len, name);
    if (opts->id)
        doc->id = np_xstrdup(opts->id);
    if (opts->date) {
        memcpy(doc->date, day, 11);
        doc->date_source = opts->flags & NP_TEXT_DATE_FROM_INPUT ? "input" : "option";
    }
    return doc;
}

int np_graph_add_owned(np_graph *g, const np_model *m, char *text, size_t len, const np_text_opts *opts, int stage,
                       np_jw *w, np_text_stats *st, np_error *err)
{
    np_doc *doc = np_text_doc(text, len, opts, err);
    if (!doc)
        return -1;
    np_pipeline_run(m, doc, (np_stage)stage, w);
    double t0 = np_now();
    if (stage == NP_STAGE_GRAPH)
        np_graph_add_doc(g, m, doc);
    if (st) {
        st->graph_seconds = np_now() - t0;
        for (int i = 0; i < 4; i++)
            st->stage_seconds[i] = doc->seconds[i];
        st->bytes = doc->len;
    }
    np_doc_free(doc);
    return 0;
}

int np_graph_add_text(np_graph *g, const np_model *m, const char *text, size_t len, const np_text_opts *opts,
                      np_error *err)
{
    char *copy = np_xmalloc(len + 1);
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    return np_graph_add_owned(g, m, copy, len, opts, NP_STAGE_GRAPH, NULL, NULL, err);
}

/* Writes the graph JSON gj in format; consumes gj. */
static int write_json_graph(json_t *gj, int format, int flags, FILE *out, np_error *err)
{
    if (!gj) {
        np_error_set(err, "internal error: the graph could not be converted to --format");
        return -2;
    }
    int rc = np_write_graph(gj, format, flags, out);
    int e = errno;
    json_decref(gj);
    if (rc < 0) {
        np_error_set(err, "cannot write the output: %s", strerror(e ? e : EIO));
        errno = e;
        return -1;
    }
    return 0;
}

/* Ends the JSON written through w with a newline and flushes it: 0, or
 * -1 with err and errno set when a write failed. */
static int end_json(np_jw *w, np_error *err)
{
    np_jw_endline(w);
    if (np_jw_finish(w) < 0) {
        np_error_set(err, "cannot write the output: %s", strerror(w->err ? w->err : EIO));
        errno = w->err;
        return -1;
    }
    return 0;
}

int np_graph_write(const np_graph *g, int format, int flags, FILE *out, np_error *err)
{
    if (format != NP_FORMAT_JSON)
        return write_json_graph(np_gjson_from_graph(g), format, flags, out, err);
    np_jw w;
    np_jw_init(&w, out, flags & NP_WRITE_PRETTY);
    np_emit_json(g, &w);
    return end_json(&w, err);
}

void np_problems_free(np_problems *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->msgs[i]);
    free(p->msgs);
    p->msgs = NULL;
    p->n = 0;
}

typedef struct collect {
    const char *name;
    np_problems *out;
} collect;

static void collect_problem(const char *msg, void *ctx)
{
    collect *c = ctx;
    if (!c->out)
        return;
    np_buf b = {0};
    np_buf_printf(&b, "%s: %s", c->name, msg);
    c->out->msgs = np_xrealloc(c->out->msgs, (c->out->n + 1) * sizeof *c->out->msgs);
    c->out->msgs[c->out->n++] = np_buf_steal(&b);
}

size_t np_merge_read(np_merge *mg, FILE *f, const char *name, np_problems *problems)
{
    collect c = {name ? name : "-", problems};
    return np_merge_add_stream(mg, f, collect_problem, &c);
}

size_t np_merge_get_conflicts(const np_merge *mg, char **what)
{
    np_buf b = {0};
    size_t n = np_merge_conflicts(mg, what ? &b : NULL);
    if (what)
        *what = n ? np_buf_steal(&b) : NULL;
    np_buf_free(&b);
    return n;
}

int np_merge_write(np_merge *mg, int format, int flags, FILE *out, np_error *err)
{
    if (format != NP_FORMAT_JSON)
        return write_json_graph(np_merge_result(mg), format, flags, out, err);
    np_jw w; /* straight from the merge to out */
    np_jw_init(&w, out, flags & NP_WRITE_PRETTY);
    np_merge_write_json(mg, &w);
    return end_json(&w, err);
}
