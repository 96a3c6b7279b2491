/*
 * batch.c: the JSON-lines driver and the merge command (see batch.h).
 */
#include "batch.h"

#include "nerpipe.h"

#include "api.h"

#include "dates.h"
#include "emit_json.h"
#include "formats.h"
#include "gjson.h"
#include "graph.h"
#include "input.h"
#include "jsonrec.h"
#include "pipeline.h"

#include <jansson.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a line gives, read by the fast record reader or by jansson. */
typedef struct record {
    char *id;     /* the id's JSON text, malloc'ed; NULL for none or null */
    char *name;   /* the document's name from a string or integer id, or NULL */
    char *text;   /* malloc'ed and NUL-terminated, or NULL */
    size_t text_len;
    char day[11]; /* the "date", when has_day */
    int has_day;
    char problem[256]; /* why the line gives no graph ("" when it does) */
} record;

static void record_free(record *r)
{
    free(r->id);
    free(r->name);
    free(r->text);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = np_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* The plain record (jsonrec.h); 0 when jansson must read the line. */
static int read_fast(const char *line, size_t len, record *r)
{
    np_jsonrec jr;
    if (!np_jsonrec_scan(line, len, &jr))
        return 0;
    if (jr.id_kind == NP_JSONREC_STRING || jr.id_kind == NP_JSONREC_INTEGER) {
        r->id = dup_n(jr.id, jr.id_len);
        r->name = jr.id_kind == NP_JSONREC_STRING ? dup_n(jr.id + 1, jr.id_len - 2) : dup_n(jr.id, jr.id_len);
    }
    r->text = jr.text;
    r->text_len = jr.text_len;
    if (jr.date_kind == NP_JSONREC_STRING)
        r->has_day = np_date_day(jr.date, jr.date_len, r->day);
    if (!r->text)
        snprintf(r->problem, sizeof r->problem, "no \"text\" string");
    else if (jr.date_kind != NP_JSONREC_ABSENT && jr.date_kind != NP_JSONREC_NULL && !r->has_day)
        snprintf(r->problem, sizeof r->problem, "\"date\" is not a real date as YYYY-MM-DD");
    return 1;
}

/* Any line, by jansson: its verdict and messages for what the fast reader
 * declines. */
static void read_full(const char *line, size_t len, record *r)
{
    json_error_t je;
    json_t *in = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!in) {
        snprintf(r->problem, sizeof r->problem, "not a JSON object: %s", je.text);
        return;
    }
    json_t *id = json_object_get(in, "id");
    if (id && !json_is_null(id))
        r->id = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
    if (json_is_string(id))
        r->name = dup_n(json_string_value(id), strlen(json_string_value(id)));
    else if (json_is_integer(id)) {
        char idbuf[32];
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id));
        r->name = dup_n(idbuf, strlen(idbuf));
    }
    const json_t *jt = json_object_get(in, "text"), *jd = json_object_get(in, "date");
    r->has_day = json_is_string(jd) && np_date_day(json_string_value(jd), json_string_length(jd), r->day);
    if (!json_is_object(in))
        snprintf(r->problem, sizeof r->problem, "not a JSON object");
    else if (!json_is_string(jt))
        snprintf(r->problem, sizeof r->problem, "no \"text\" string");
    else if (jd && !json_is_null(jd) && !r->has_day)
        snprintf(r->problem, sizeof r->problem, "\"date\" is not a real date as YYYY-MM-DD");
    else {
        r->text_len = json_string_length(jt);
        r->text = dup_n(json_string_value(jt), r->text_len);
    }
    json_decref(in);
}

/* {"id": ID, "line": N, "error": "line N: MSG"} */
static void error_line(np_jw *w, const char *id, size_t lineno, const char *msg)
{
    np_buf b = {0};
    np_buf_printf(&b, "line %zu: %s", lineno, msg);
    size_t len = b.len;
    np_repair rep;
    char *text = np_utf8_repair(np_buf_steal(&b), &len, &rep); /* a parser's message may quote raw bytes */
    np_jw_obj(w);
    np_jw_key(w, "id");
    if (id)
        np_jw_raw(w, id, strlen(id));
    else
        np_jw_null(w);
    np_jw_key(w, "line");
    np_jw_int(w, (long long)lineno);
    np_jw_key(w, "error");
    np_jw_str(w, text, len);
    np_jw_obj_end(w);
    np_jw_endline(w);
    free(text);
}

/* {"id": ID, "graph": {...}}: the graph goes straight from the graph
 * through the streaming writer. */
static void write_result(np_jw *w, const char *id, const np_graph *g)
{
    np_jw_obj(w);
    np_jw_key(w, "id");
    if (id)
        np_jw_raw(w, id, strlen(id));
    else
        np_jw_null(w);
    np_jw_key(w, "graph");
    np_emit_json(g, w);
    np_jw_obj_end(w);
    np_jw_endline(w);
}

/* A line waiting in a batch: its record, and its document or why it
 * has none. */
typedef struct pending {
    size_t lineno;
    record r;
    np_doc *doc;      /* NULL: an error line */
    char msg[1024];   /* the error, when doc is NULL */
} pending;

/* A batch of lines: their documents go through the pipeline together
 * (np_pipeline_run_many), then their lines are written in input order. */
typedef struct batch {
    pending *items;
    size_t n, cap;
    size_t text_bytes;
    np_graph *graph; /* each record's graph in turn, its storage reused */
} batch;

#define BATCH_LINES 64
#define BATCH_BYTES ((size_t)1 << 18)

static pending *batch_add(batch *b, size_t lineno)
{
    NP_GROW(b->items, b->cap, b->n + 1);
    pending *p = &b->items[b->n++];
    memset(p, 0, sizeof *p);
    p->lineno = lineno;
    return p;
}

/* One line into the batch: its document, or why there is none. */
static void batch_line(batch *b, const char *line, size_t len, size_t lineno, const char *name, const char *date)
{
    pending *p = batch_add(b, lineno);
    record *r = &p->r;
    if (!read_fast(line, len, r))
        read_full(line, len, r);
    if (r->problem[0]) {
        snprintf(p->msg, sizeof p->msg, "%s", r->problem);
        return;
    }
    /* NUL characters (\u0000) become U+FFFD, without a warning */
    np_text_opts to = {r->name ? r->name : name, r->name, r->has_day ? r->day : date,
                       NP_TEXT_QUIET | (r->has_day ? NP_TEXT_DATE_FROM_INPUT : 0)};
    np_error err;
    char *text = r->text;
    r->text = NULL; /* np_text_doc takes it over */
    b->text_bytes += r->text_len;
    p->doc = np_text_doc(text, r->text_len, &to, &err);
    if (!p->doc)
        snprintf(p->msg, sizeof p->msg, "%s", err.msg);
}

/* Runs the batch's documents and writes its lines in order, each flushed
 * as it is written; empties the batch. *failed is set for an error line.
 * -1 when the output could not be written. */
static int batch_run(batch *b, const np_model *m, np_jw *w, int *failed)
{
    np_doc **docs = np_xmalloc((b->n ? b->n : 1) * sizeof *docs);
    size_t nd = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].doc)
            docs[nd++] = b->items[i].doc;
    np_pipeline_run_many(m, docs, nd);
    free(docs);
    int rc = 0;
    for (size_t i = 0; i < b->n; i++) {
        pending *p = &b->items[i];
        if (rc == 0) {
            if (p->doc) {
                np_graph_clear(b->graph);
                np_graph_add_doc(b->graph, m, p->doc);
                write_result(w, p->r.id, b->graph);
            } else {
                error_line(w, p->r.id, p->lineno, p->msg);
                *failed = 1;
            }
            /* each line reaches the output as soon as it is done */
            if (np_jw_flush(w) < 0)
                rc = -1;
        }
        np_doc_free(p->doc);
        record_free(&p->r);
    }
    b->n = 0;
    b->text_bytes = 0;
    return rc;
}

/* The input of --jsonl. With a file descriptor (a file, a pipe), bytes
 * come from read(2) in blocks and lines are cut with memchr; read returns
 * what a pipe holds, so a line is handled as soon as it arrives. A stream
 * without one (fmemopen) is read through stdio a byte at a time. */
typedef struct line_reader {
    FILE *in;
    int fd;         /* fileno(in), or -1 */
    size_t pos, end;
    char buf[65536];
} line_reader;

/* 1 with bytes in r->buf, 0 at the end of the input, -1 on a read error. */
static int refill(line_reader *r)
{
    for (;;) {
        ssize_t n = read(r->fd, r->buf, sizeof r->buf);
        if (n > 0) {
            r->pos = 0;
            r->end = (size_t)n;
            return 1;
        }
        if (n == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

/* Whether a whole line is buffered: the next read_line will not wait for
 * input (a stream without a descriptor never waits). */
static int line_ready(const line_reader *r)
{
    return r->fd < 0 || memchr(r->buf + r->pos, '\n', r->end - r->pos) != NULL;
}

/* Appends s[0..n) to line (of *len bytes) up to max bytes; *over is set
 * for what does not fit. */
static void keep_upto(np_buf *line, size_t *len, size_t max, const char *s, size_t n, int *over)
{
    size_t room = *len < max ? max - *len : 0, k = n < room ? n : room;
    if (k < n)
        *over = 1;
    if (k) {
        line->len = *len;
        np_buf_reserve(line, k);
        memcpy(line->data + *len, s, k);
        *len += k;
    }
}

/* Reads the next line into *line (without its newline), keeping at most
 * max bytes of it: past that the line is only read through to its
 * newline, so a huge line costs no memory, and *over is set. Returns 1, 0
 * at the end of the input, -1 on a read error (errno says which). */
static int read_line(line_reader *r, np_buf *line, size_t max, int *over)
{
    size_t len = 0;
    int any = 0;
    *over = 0;
    errno = 0;
    if (r->fd < 0) {
        int c;
        flockfile(r->in);
        while ((c = getc_unlocked(r->in)) != EOF) {
            any = 1;
            if (c == '\n')
                break;
            char ch = (char)c;
            keep_upto(line, &len, max, &ch, 1, over);
        }
        int bad = c == EOF && ferror(r->in);
        funlockfile(r->in);
        line->len = len;
        return bad ? -1 : any;
    }
    for (;;) {
        if (r->pos == r->end) {
            int got = refill(r);
            if (got < 0)
                return -1;
            if (got == 0)
                break;
        }
        any = 1;
        const char *from = r->buf + r->pos, *nl = memchr(from, '\n', r->end - r->pos);
        size_t n = nl ? (size_t)(nl - from) : r->end - r->pos;
        keep_upto(line, &len, max, from, n, over);
        r->pos += n + (nl != NULL);
        if (nl)
            break;
    }
    line->len = len;
    return any;
}

int np_run_jsonl(const np_model *m, FILE *in, const np_jsonl_opts *o, FILE *out, int *failed, np_error *err)
{
    np_buf line = {0};
    batch b = {0};
    b.graph = np_graph_new();
    line_reader *rd = np_xmalloc(sizeof *rd);
    rd->in = in;
    rd->fd = fileno(in);
    rd->pos = rd->end = 0;
    np_jw w; /* one writer for the run: its buffer keeps its size */
    np_jw_init(&w, out, 0);
    size_t lineno = o->first_line ? o->first_line - 1 : 0;
    size_t max = o->max_line && o->max_line < NP_MAX_INPUT ? o->max_line : NP_MAX_INPUT;
    int rc, over;
    while ((rc = read_line(rd, &line, max, &over)) > 0) {
        lineno++;
        if (over) {
            pending *p = batch_add(&b, lineno);
            snprintf(p->msg, sizeof p->msg, "longer than the limit of %zu bytes", max);
        } else {
            const char *s = line.data ? line.data : "";
            size_t len = line.len, k = 0;
            while (len > 0 && s[len - 1] == '\r')
                len--;
            while (k < len && (s[k] == ' ' || s[k] == '\t'))
                k++;
            if (k == len)
                continue; /* blank lines separate nothing */
            batch_line(&b, s, len, lineno, o->name, o->date);
        }
        /* a batch runs when it is full, or when the next line has not
         * arrived yet: a line never waits for the ones after it */
        if ((b.n >= BATCH_LINES || b.text_bytes >= BATCH_BYTES || !line_ready(rd)) &&
            batch_run(&b, m, &w, failed) < 0)
            break;
    }
    if (b.n)
        batch_run(&b, m, &w, failed); /* a write error shows in np_jw_finish below */
    free(b.items);
    np_graph_free(b.graph);
    if (rc < 0) {
        np_error_set(err, "%s: %s", o->name, strerror(errno ? errno : EIO));
        *failed = 1;
    }
    np_buf_free(&line);
    free(rd);
    int wfail = np_jw_finish(&w) < 0 || ferror(out);
    return wfail ? -1 : rc < 0 ? -2 : 0;
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
    "      --evidence=N     keep at most N evidence entries per link (N a whole\n"
    "                       number, 0 for none): those of the most recent\n"
    "                       documents, by their \"date\" (YYYY-MM-DD compared as\n"
    "                       text; undated documents last), then the earlier\n"
    "                       document in graph.documents, then the earlier place\n"
    "                       in the text; each link says in \"evidence_count\"\n"
    "                       how many it had in all, inputs already cut counting\n"
    "                       their own evidence_count\n"
    "      --format=FORMAT  json (default), cytoscape, graphml, gexf, dot, jgf,\n"
    "                       events, events-tsv, geojson (see nerpipe --help)\n"
    "      --dot-isolated   with --format=dot, draw the nodes without links too\n"
    "      --pretty         indent JSON output\n"
    "      --inputs-from=LIST  also merge the files named in LIST (- for standard\n"
    "                       input), one name a line, each as soon as its line is\n"
    "                       read: LIST may be a pipe that a producer writes as its\n"
    "                       files are done, and the merge ends when it is closed;\n"
    "                       a name must be that of a regular file (anything else\n"
    "                       is an error, exit status 1, never a wait)\n"
    "      --follow         with --inputs-from, the files named may still be\n"
    "                       being written: each is read as it grows, its lines\n"
    "                       merged as they come, until its name comes a second\n"
    "                       time (its writer is done with it) or LIST ends\n"
    "  -h, --help           show this help and exit\n"
    "\n"
    "The error lines of nerpipe --jsonl are counted in graph.errors of the result,\n"
    "{\"count\": N, \"ids\": [...]} (ids as given, null for none, sorted), as are\n"
    "the graph.errors of the inputs; they leave the exit status 0.\n"
    "\n"
    "A broken value is reported as 'FILE: line N: what is wrong' and the other\n"
    "graphs are still merged. Two inputs that give a node or link different values\n"
    "for one key (a link's status or rule) are settled by one rule, the least value\n"
    "wins (strings by their bytes), and a warning counts such conflicts.\n"
    "\n"
    "Exit status: 0 success, 1 an unreadable file or LIST, a name in LIST that is\n"
    "not a regular file, or a broken value (the others are still merged), 2 usage\n"
    "error, 3 output error.\n";

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

/* Opens name, named in a list, for reading: only a regular file, never
 * waiting (a FIFO is opened without blocking, then refused); -1 with a
 * message on standard error for anything else. */
static int open_listed_fd(const char *name)
{
    int fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    const char *why = NULL;
    if (fd < 0)
        why = strerror(errno);
    else if (fstat(fd, &st) < 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
        why = strerror(errno);
    if (why) {
        fprintf(stderr, "nerpipe merge: %s: %s\n", name, why);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* The same as a stream; NULL with a message when it cannot be opened. */
static FILE *open_listed(const char *name)
{
    int fd = open_listed_fd(name);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
    if (fd >= 0 && !f) {
        fprintf(stderr, "nerpipe merge: %s: %s\n", name, strerror(errno));
        close(fd);
    }
    return f;
}

/* A line of a list, name[0..len): 1 when it names a file, 0 when blank
 * (blank lines name nothing), -1 with a message when it cannot (a NUL
 * byte). */
static int listed_name(const char *name, size_t len, const char *listname)
{
    if (len == 0)
        return 0;
    if (memchr(name, '\0', len)) {
        fprintf(stderr, "nerpipe merge: %s: a name with a NUL byte\n", listname);
        return -1;
    }
    return 1;
}

int np_merge_list(np_merge *mg, FILE *list, const char *listname)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int bad = 0;
    while ((len = getline(&line, &cap, list)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        int named = listed_name(line, (size_t)len, listname);
        if (named <= 0) {
            bad |= named < 0;
            continue;
        }
        FILE *f = open_listed(line);
        if (!f) {
            bad = 1;
            continue;
        }
        bad |= merge_file(mg, f, line);
        fclose(f);
    }
    if (ferror(list)) {
        fprintf(stderr, "nerpipe merge: %s: %s\n", listname, strerror(errno));
        bad = 1;
    }
    free(line);
    return bad;
}

/* ---- --follow: the files of a list read as they are written ---- */

/* How long the merge waits for more of the files it follows when none has
 * grown and the list has said nothing new: they are regular files, which
 * poll(2) cannot wait on. */
#define FOLLOW_WAIT_MS 2

typedef struct followed {
    char *name; /* also the context of its problems' reports */
    int fd;     /* -1 once read to its end */
    int complete; /* its name came again: its writer is done with it */
    np_merge_lines *lines;
} followed;

typedef struct follower {
    np_merge *mg;
    followed *files;
    size_t n, cap;
    int bad;
} follower;

static void follow_report(const char *msg, void *ctx)
{
    fprintf(stderr, "nerpipe merge: %s: %s\n", (const char *)ctx, msg);
}

/* A name from the list: a new file to follow, or one followed whose
 * writer is done with it. */
static void follow_name(follower *fw, const char *name, size_t len, const char *listname)
{
    int named = listed_name(name, len, listname);
    if (named <= 0) {
        fw->bad |= named < 0;
        return;
    }
    for (size_t i = 0; i < fw->n; i++) {
        followed *f = &fw->files[i];
        if (f->fd >= 0 && !f->complete && strlen(f->name) == len && !memcmp(f->name, name, len)) {
            f->complete = 1;
            return;
        }
    }
    char *copy = np_xstrndup(name, len);
    int fd = open_listed_fd(copy);
    if (fd < 0) {
        free(copy);
        fw->bad = 1;
        return;
    }
    NP_GROW(fw->files, fw->cap, fw->n + 1);
    fw->files[fw->n++] = (followed){copy, fd, 0, np_merge_lines_new(fw->mg, follow_report, copy)};
}

/* Reads what each file followed has gained; a file read to its end is
 * closed when it is complete, or when ended (the list is over). Returns
 * how many are still open; *grew tells whether one had grown. */
static size_t follow_read(follower *fw, int ended, int *grew)
{
    char buf[1 << 16];
    size_t nopen = 0;
    for (size_t i = 0; i < fw->n; i++) {
        followed *f = &fw->files[i];
        if (f->fd < 0)
            continue;
        ssize_t k;
        while ((k = read(f->fd, buf, sizeof buf)) > 0) {
            np_merge_lines_feed(f->lines, buf, (size_t)k);
            *grew = 1;
        }
        if ((k < 0 && errno == EINTR) || (k == 0 && !f->complete && !ended)) {
            nopen++;
            continue;
        }
        if (k < 0)
            fprintf(stderr, "nerpipe merge: %s: %s\n", f->name, strerror(errno));
        fw->bad |= np_merge_lines_end(f->lines, 0) > 0 || k < 0;
        close(f->fd);
        f->fd = -1;
        f->lines = NULL;
    }
    return nopen;
}

/* The list of --inputs-from --follow: each name starts a file that is read
 * as it grows, its lines merged as they come, until the same name comes
 * again or the list ends; 1 when something could not be read. */
static int merge_follow(np_merge *mg, int listfd, const char *listname)
{
    follower fw = {.mg = mg};
    np_buf line = {0};
    char buf[4096];
    int ended = 0;
    for (;;) {
        int grew = 0;
        size_t nopen = follow_read(&fw, ended, &grew);
        if (ended) {
            if (!nopen)
                break;
            continue;
        }
        struct pollfd p = {listfd, POLLIN, 0};
        int ready = poll(&p, 1, grew ? 0 : nopen ? FOLLOW_WAIT_MS : -1);
        if (ready < 0 && errno != EINTR) {
            fprintf(stderr, "nerpipe merge: %s: %s\n", listname, strerror(errno));
            fw.bad = ended = 1;
            continue;
        }
        if (ready <= 0)
            continue;
        ssize_t k = read(listfd, buf, sizeof buf);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0) {
            if (k < 0) {
                fprintf(stderr, "nerpipe merge: %s: %s\n", listname, strerror(errno));
                fw.bad = 1;
            }
            follow_name(&fw, line.data, line.len, listname); /* a last name without a newline */
            ended = 1;
            continue;
        }
        for (ssize_t i = 0; i < k; i++) {
            if (buf[i] != '\n') {
                np_buf_addc(&line, buf[i]);
                continue;
            }
            follow_name(&fw, line.data, line.len, listname);
            line.len = 0;
        }
    }
    for (size_t i = 0; i < fw.n; i++)
        free(fw.files[i].name);
    free(fw.files);
    np_buf_free(&line);
    return fw.bad;
}

/* The list of --inputs-from (- for standard input) into mg, its files
 * followed as they are written with follow; 1 when something could not be
 * read. */
static int merge_inputs_from(np_merge *mg, const char *listname, int follow)
{
    FILE *list = strcmp(listname, "-") ? fopen(listname, "rb") : stdin;
    if (!list) {
        fprintf(stderr, "nerpipe merge: %s: %s\n", listname, strerror(errno));
        return 1;
    }
    int bad = follow ? merge_follow(mg, fileno(list), listname) : np_merge_list(mg, list, listname);
    if (list != stdin)
        fclose(list);
    return bad;
}

/* A whole number of decimal digits into *n (past the largest size, the
 * largest below NP_MERGE_ALL_EVIDENCE); -1 for anything else. */
static int parse_count(const char *s, size_t *n)
{
    if (!*s)
        return -1;
    size_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned d = (unsigned)(*s - '0');
        v = v > (NP_MERGE_ALL_EVIDENCE - 1 - d) / 10 ? NP_MERGE_ALL_EVIDENCE - 1 : v * 10 + d;
    }
    *n = v;
    return 0;
}

int np_merge_main(int argc, char **argv)
{
    enum { OPT_FORMAT = 256, OPT_PRETTY, OPT_EVIDENCE, OPT_DOT_ISOLATED, OPT_INPUTS_FROM, OPT_FOLLOW };
    static const struct option longopts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                             {"evidence", required_argument, NULL, OPT_EVIDENCE},
                                             {"dot-isolated", no_argument, NULL, OPT_DOT_ISOLATED},
                                             {"pretty", no_argument, NULL, OPT_PRETTY},
                                             {"inputs-from", required_argument, NULL, OPT_INPUTS_FROM},
                                             {"follow", no_argument, NULL, OPT_FOLLOW},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int fmt = NP_FORMAT_JSON, pretty = 0, dot_isolated = 0, follow = 0, c;
    const char *inputs_from = NULL;
    size_t max_evidence = NP_MERGE_ALL_EVIDENCE;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            fmt = np_graph_format_parse(optarg);
            if (fmt < 0) {
                fprintf(stderr, "nerpipe merge: unknown --format '%s' (expected %s)\n", optarg,
                        np_graph_format_names());
                return NP_EXIT_USAGE;
            }
            break;
        case OPT_PRETTY:
            pretty = 1;
            break;
        case OPT_DOT_ISOLATED:
            dot_isolated = 1;
            break;
        case OPT_INPUTS_FROM:
            if (!*optarg) {
                fprintf(stderr, "nerpipe merge: --inputs-from wants a file name (- for standard input)\n");
                return NP_EXIT_USAGE;
            }
            inputs_from = optarg;
            break;
        case OPT_FOLLOW:
            follow = 1;
            break;
        case OPT_EVIDENCE:
            if (parse_count(optarg, &max_evidence) < 0) {
                fprintf(stderr, "nerpipe merge: --evidence wants a whole number, 0 or more, not '%s'\n", optarg);
                return NP_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(merge_usage, stdout);
            return NP_EXIT_OK;
        default:
            fprintf(stderr, "nerpipe merge: unknown option '%s'\nTry 'nerpipe merge --help'.\n", argv[optind - 1]);
            return NP_EXIT_USAGE;
        }
    }
    if (follow && !inputs_from) {
        fprintf(stderr, "nerpipe merge: --follow is for --inputs-from\nTry 'nerpipe merge --help'.\n");
        return NP_EXIT_USAGE;
    }
    if (dot_isolated && fmt != NP_FORMAT_DOT) {
        fprintf(stderr, "nerpipe merge: --dot-isolated is for --format=dot\nTry 'nerpipe merge --help'.\n");
        return NP_EXIT_USAGE;
    }
    np_merge *mg = np_merge_new();
    np_merge_set_evidence(mg, max_evidence);
    int bad = 0;
    if (optind == argc && !inputs_from)
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
    if (inputs_from)
        bad |= merge_inputs_from(mg, inputs_from, follow);
    char *what;
    size_t conflicts = np_merge_get_conflicts(mg, &what);
    if (conflicts)
        fprintf(stderr, "nerpipe merge: warning: %zu conflicting value%s, the least kept (%s)\n", conflicts,
                conflicts == 1 ? "" : "s", what);
    free(what);
    np_error err;
    int flags = (pretty ? NP_WRITE_PRETTY : 0) | (dot_isolated ? NP_WRITE_DOT_ISOLATED : 0);
    int rc = np_merge_write(mg, fmt, flags, stdout, &err);
    np_merge_free(mg);
    if (rc < 0 || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nerpipe merge: cannot write the output: %s\n", strerror(errno));
        return NP_EXIT_OUTPUT;
    }
    return bad ? NP_EXIT_DATA : NP_EXIT_OK;
}
