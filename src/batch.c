/*
 * batch.c: the JSON-lines driver and the merge command (see batch.h).
 */
#include "batch.h"

#include "nerpipe.h"

#include "dates.h"
#include "formats.h"
#include "gjson.h"
#include "graph.h"
#include "input.h"

#include <jansson.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void error_line(FILE *out, const json_t *id, size_t lineno, const char *msg)
{
    json_t *o = json_object();
    json_object_set(o, "id", id ? (json_t *)id : json_null());
    json_object_set_new(o, "line", json_integer((json_int_t)lineno));
    json_object_set_new(o, "error", json_string(msg));
    json_dumpf(o, out, JSON_COMPACT);
    fputc('\n', out);
    json_decref(o);
}

/* One line: the graph of its text, or why there is none. */
static int one_line(const np_model *m, const char *line, size_t len, size_t lineno, const char *name,
                    const char *date, FILE *out)
{
    json_error_t je;
    json_t *in = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!in) {
        char msg[256];
        snprintf(msg, sizeof msg, "line %zu: not a JSON object: %s", lineno, je.text);
        error_line(out, NULL, lineno, msg);
        return 1;
    }
    json_t *id = json_object_get(in, "id");
    const char *text = json_string_value(json_object_get(in, "text"));
    const json_t *jd = json_object_get(in, "date");
    char day[11];
    int has_day = json_is_string(jd) && np_date_day(json_string_value(jd), json_string_length(jd), day);
    const char *problem = NULL;
    if (!json_is_object(in))
        problem = "not a JSON object";
    else if (!text)
        problem = "no \"text\" string";
    else if (jd && !json_is_null(jd) && !has_day)
        problem = "\"date\" is not a real date as YYYY-MM-DD";
    if (problem) {
        char msg[256];
        snprintf(msg, sizeof msg, "line %zu: %s", lineno, problem);
        error_line(out, id, lineno, msg);
        json_decref(in);
        return 1;
    }
    char idbuf[64];
    const char *docname = json_string_value(id);
    if (!docname && json_is_integer(id)) {
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id));
        docname = idbuf;
    }
    /* NUL characters (\u0000) become U+FFFD, without a warning */
    np_text_opts to = {docname ? docname : name, docname, has_day ? day : date,
                       NP_TEXT_QUIET | (has_day ? NP_TEXT_DATE_FROM_INPUT : 0)};
    np_graph *g = np_graph_new();
    np_error err;
    if (np_graph_add_text(g, m, text, json_string_length(json_object_get(in, "text")), &to, &err) < 0) {
        char msg[sizeof err.msg + 64];
        snprintf(msg, sizeof msg, "line %zu: %s", lineno, err.msg);
        error_line(out, id, lineno, msg);
        np_graph_free(g);
        json_decref(in);
        return 1;
    }
    json_t *gj = np_gjson_from_graph(g);
    json_t *o = json_object();
    json_object_set(o, "id", id ? id : json_null());
    json_object_set_new(o, "graph", gj);
    json_dumpf(o, out, JSON_COMPACT);
    fputc('\n', out);
    json_decref(o);
    np_graph_free(g);
    json_decref(in);
    return 0;
}

/* Reads the next line of in into *line (without its newline), keeping at
 * most max bytes of it: past that the line is only read through to its
 * newline, so a huge line costs no memory, and *over is set. Returns 1, 0
 * at the end of the input, -1 on a read error (errno says which). Bytes
 * come one by one from stdio's buffer, so a line is handled as soon as it
 * arrives on a pipe. */
static int read_line(FILE *in, np_buf *line, size_t max, int *over)
{
    int c, any = 0;
    line->len = 0;
    *over = 0;
    errno = 0;
    flockfile(in);
    while ((c = getc_unlocked(in)) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        if (line->len < max)
            np_buf_addc(line, (char)c);
        else
            *over = 1;
    }
    int bad = c == EOF && ferror(in);
    funlockfile(in);
    if (bad)
        return -1;
    return any;
}

int np_run_jsonl(const np_model *m, FILE *in, const np_jsonl_opts *o, FILE *out, int *failed, np_error *err)
{
    np_buf line = {0};
    size_t lineno = o->first_line ? o->first_line - 1 : 0;
    size_t max = o->max_line && o->max_line < NP_MAX_INPUT ? o->max_line : NP_MAX_INPUT;
    int rc, over;
    while ((rc = read_line(in, &line, max, &over)) > 0) {
        lineno++;
        if (over) {
            char msg[256];
            snprintf(msg, sizeof msg, "line %zu: longer than the limit of %zu bytes", lineno, max);
            error_line(out, NULL, lineno, msg);
            *failed = 1;
        } else {
            const char *s = line.data ? line.data : "";
            size_t len = line.len, k = 0;
            while (len > 0 && s[len - 1] == '\r')
                len--;
            while (k < len && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k == len)
                continue; /* blank lines separate nothing */
            if (one_line(m, s, len, lineno, o->name, o->date, out))
                *failed = 1;
        }
        if (ferror(out))
            break;
        fflush(out);
    }
    if (rc < 0) {
        np_error_set(err, "%s: %s", o->name, strerror(errno ? errno : EIO));
        *failed = 1;
    }
    np_buf_free(&line);
    return ferror(out) ? -1 : rc < 0 ? -2 : 0;
}

/* ---- merge ---- */

static const char merge_usage[] =
    "Usage: nerpipe merge [OPTION]... [FILE]...\n"
    "Merges nerpipe graphs into one: nodes by id, links by their key (pair,\n"
    "relation, place, date), summing weights and collecting evidence with the\n"
    "document it came from. Each FILE (or standard input, or -) holds one or more\n"
    "graphs: JSON documents, or the JSON lines of nerpipe --jsonl. Merging is\n"
    "associative and order-independent, so it can be the reduce step of a\n"
    "map-reduce job.\n"
    "\n"
    "Options:\n"
    "      --format=FORMAT  json (default), cytoscape, graphml, gexf, dot, jgf\n"
    "      --pretty         indent JSON output\n"
    "  -h, --help           show this help and exit\n"
    "\n"
    "A broken value is reported as 'FILE: line N: what is wrong' and the other\n"
    "graphs are still merged. Two inputs that give a node or link different values\n"
    "for one key (a link's status or rule) are settled by one rule, the least value\n"
    "wins (strings by their bytes), and a warning counts such conflicts.\n"
    "\n"
    "Exit status: 0 success, 1 an unreadable file or a broken value (the others\n"
    "are still merged), 2 usage error, 3 output error.\n";

/* Reads f into mg and reports its problems ("FILE: line N: what"); 1 when
 * there were some. */
static int merge_file(np_merge *mg, FILE *f, const char *name)
{
    np_problems p = {0};
    size_t n = np_merge_read(mg, f, name, &p);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "nerpipe merge: %s\n", p.msgs[i]);
    np_problems_free(&p);
    return n > 0;
}

int np_merge_main(int argc, char **argv)
{
    enum { OPT_FORMAT = 256, OPT_PRETTY };
    static const struct option longopts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                             {"pretty", no_argument, NULL, OPT_PRETTY},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int fmt = NP_FORMAT_JSON, pretty = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            fmt = np_graph_format_parse(optarg);
            if (fmt < 0) {
                fprintf(stderr, "nerpipe merge: unknown --format '%s' (expected json, cytoscape, graphml, gexf, dot "
                                "or jgf)\n",
                        optarg);
                return NP_EXIT_USAGE;
            }
            break;
        case OPT_PRETTY:
            pretty = 1;
            break;
        case 'h':
            fputs(merge_usage, stdout);
            return NP_EXIT_OK;
        default:
            fprintf(stderr, "nerpipe merge: unknown option '%s'\nTry 'nerpipe merge --help'.\n", argv[optind - 1]);
            return NP_EXIT_USAGE;
        }
    }
    np_merge *mg = np_merge_new();
    int bad = 0;
    if (optind == argc)
        bad |= merge_file(mg, stdin, "-");
    for (int i = optind; i < argc; i++) {
        FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
        if (!f) {
            fprintf(stderr, "nerpipe merge: %s: %s\n", argv[i], strerror(errno));
            bad = 1;
            continue;
        }
        bad |= merge_file(mg, f, argv[i]);
        if (f != stdin)
            fclose(f);
    }
    char *what;
    size_t conflicts = np_merge_get_conflicts(mg, &what);
    if (conflicts)
        fprintf(stderr, "nerpipe merge: warning: %zu conflicting value%s, the least kept (%s)\n", conflicts,
                conflicts == 1 ? "" : "s", what);
    free(what);
    np_error err;
    int rc = np_merge_write(mg, fmt, pretty ? NP_WRITE_PRETTY : 0, stdout, &err);
    np_merge_free(mg);
    if (rc < 0 || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nerpipe merge: cannot write the output: %s\n", strerror(errno));
        return NP_EXIT_OUTPUT;
    }
    return bad ? NP_EXIT_DATA : NP_EXIT_OK;
}
