/*
 * check_modelfile.c: unit tests of the compiled model (modelfile.h): a
 * mapped model holds the same tables and gives the same graph as the YAML
 * it was built from; damaged, truncated and foreign files are refused;
 * files tampered with and re-checksummed are refused, table by table;
 * changed sources make a file stale; loading through a bad file rebuilds it;
 * writing replaces nothing but a model, through an exclusive temporary file;
 * the fuzz harness's seed maps and its old crashes are safe; np_hash,
 * whose values a model stores, gives the values of its definition.
 */
#define _DEFAULT_SOURCE /* mknod, makedev */
#include "dates.h"
#include "gazetteer.h"
#include "gjson.h"
#include "graph.h"
#include "jsonw.h"
#include "modelfile.h"
#include "pipeline.h"
#include "rules.h"
#include "run_stage.h"
#include "testutil.h"
#include "titles.h"

#include <jansson.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/np-check-modelfile.XXXXXX";
static char modelpath[4200], extra_gz[4200];
static const char *extras[1];
static np_model_opts opts;
static np_model *yaml_model;

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(extra_gz, sizeof extra_gz, "%s/tests/data/gazetteer", test_datadir());
    extras[0] = extra_gz;
    opts = (np_model_opts){.datadir = test_datadir(), .extra_gazetteers = extras, .nextra_gazetteers = 1};
    np_error err;
    yaml_model = np_model_load(&opts, &err);
    if (!yaml_model) {
        fprintf(stderr, "model: %s\n", err.msg);
        abort();
    }
    snprintf(modelpath, sizeof modelpath, "%s/model", tmpdir);
    if (np_modelfile_write(yaml_model, &opts, modelpath, &err) < 0) {
        fprintf(stderr, "write: %s\n", err.msg);
        abort();
    }
}

static void teardown(void)
{
    np_model_free(yaml_model);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    np_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        np_buf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return np_buf_steal(&b);
}

/* Writes the file over what was there, then cuts it to len: not truncated
 * to nothing first, which makes ext4 flush it on close (auto_da_alloc),
 * slow for the hundreds of damaged copies written here. */
static void write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    ck_assert_int_ge(fd, 0);
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, data + done, len - done);
        ck_assert_int_gt(w, 0);
        done += (size_t)w;
    }
    ck_assert_int_eq(ftruncate(fd, (off_t)len), 0);
    ck_assert_int_eq(close(fd), 0);
}

/* The last warning. */
static char warned[1024];
static void keep_warning(const char *msg, void *ctx)
{
    (void)ctx;
    snprintf(warned, sizeof warned, "%s", msg);
}

static np_model *map_model(const char *path, int *state, np_error *err)
{
    return np_modelfile_map(&opts, path, state, err);
}

/* The table items[0, n) of x and of y: the same length, the same bytes. */
#define SAME_TABLE(x, y, items, n)                                                                                     \
    do {                                                                                                               \
        ck_assert_uint_eq((x)->n, (y)->n);                                                                             \
        ck_assert((y)->n == 0 || memcmp((x)->items, (y)->items, (y)->n * sizeof *(y)->items) == 0);                    \
    } while (0)

static void same_trie(const np_trie *a, const np_trie *b)
{
    SAME_TABLE(a, b, nodes, nnodes);
    SAME_TABLE(a, b, edges, edges_cap);
    SAME_TABLE(a, b, payload, npayload);
    SAME_TABLE(a, b, starts, nstarts);
}

START_TEST(test_same_tables)
{
    int state;
    np_error err;
    np_model *m = map_model(modelpath, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_int_eq(state, NP_MF_OK);
    ck_assert_str_eq(m->origin, "mapped");
    const np_model *y = yaml_model;
    SAME_TABLE(&m->lex.pool.buf, &y->lex.pool.buf, data, len);
    SAME_TABLE(&m->lex.vocab, &y->lex.vocab, ents, n);
    SAME_TABLE(&m->lex.vocab, &y->lex.vocab, slots, nslots);
    same_trie(&m->lex.phrases, &y->lex.phrases);
    SAME_TABLE(m->titles, y->titles, items, n);
    same_trie(&m->titles->phrases, &y->titles->phrases);
    same_trie(&m->dates->relative, &y->dates->relative);
    SAME_TABLE(m->gaz, y->gaz, entries, n);
    SAME_TABLE(m->gaz, y->gaz, cands, ncands);
    SAME_TABLE(m->gaz, y->gaz, roles, nroles);
    same_trie(&m->gaz->names, &y->gaz->names);
    SAME_TABLE(m->gaz, y->gaz, offices, noffices);
    SAME_TABLE(m->gaz, y->gaz, terms, nterms);
    ck_assert_uint_gt(m->gaz->noffices, 0);
    ck_assert_uint_eq(m->gaz->nterms, m->gaz->nroles);
    ck_assert(!memcmp(m->role_titles, y->role_titles, y->gaz->nroles * sizeof *y->role_titles));
    SAME_TABLE(m->rules, y->rules, rules, n);
    SAME_TABLE(m->rules, y->rules, nodes, nnodes);
    SAME_TABLE(m->rules, y->rules, triggers, ntriggers);
    ck_assert(!memcmp(m->rules->cameo, y->rules->cameo, sizeof y->rules->cameo));
    ck_assert_str_eq(m->rules->cameo[NP_CAMEO_CALLED], "041");
    ck_assert_uint_eq(m->rules->nlists, y->rules->nlists);
    for (size_t i = 0; i < y->rules->nlists; i++) {
        ck_assert_uint_eq(m->rules->lists[i].name, y->rules->lists[i].name);
        same_trie(&m->rules->lists[i].phrases, &y->rules->lists[i].phrases);
    }
    /* a lookup through the mapped tables */
    long jp = np_gazetteer_find(m->gaz, &m->lex, "place:jp");
    ck_assert_int_ge(jp, 0);
    ck_assert_str_eq(np_model_str(m, m->gaz->entries[jp].name), "Japan");
    np_model_free(m);
}
END_TEST

/* The graph of text under model m, as JSON (caller frees). */
static char *graph_of(const np_model *m, const char *text)
{
    np_text_opts to = {"t", NULL, "2024-05-02", NP_TEXT_QUIET};
    np_graph *g = np_graph_new();
    np_error err;
    ck_assert_msg(np_graph_add_text(g, m, text, strlen(text), &to, &err) == 0, "%s", err.msg);
    json_t *j = np_gjson_from_graph(g);
    char *s = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    np_graph_free(g);
    return s;
}

START_TEST(test_same_graph)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/tests/golden/summit.txt", test_datadir());
    size_t len;
    char *text = read_file(path, &len);
    int state;
    np_error err;
    np_model *m = map_model(modelpath, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    char *a = graph_of(yaml_model, text), *b = graph_of(m, text);
    ck_assert_ptr_nonnull(strstr(a, "\"met\""));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    free(text);
    np_model_free(m);
}
END_TEST

/* Damage that every open sees: a flipped byte in the header or the table
 * directory (a header checksum and a directory checksum), and every kind
 * of truncation. Damage elsewhere is for the full check (and, where a
 * document reads it, harmless: test_flips_run_safely). */
START_TEST(test_damage_refused)
{
    size_t len;
    char *good = read_file(modelpath, &len);
    uint32_t ntables;
    memcpy(&ntables, good + 40, 4);
    size_t dir_end = 80 + (size_t)ntables * 24;
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/damaged", tmpdir);
    unsigned seed = 12345;
    for (int k = 0; k < 232; k++) {
        /* the header, then anywhere in the directory */
        size_t at = k < 80 ? (size_t)k : 80 + (seed = seed * 1103515245u + 12345u, (size_t)seed % (dir_end - 80));
        good[at] ^= (char)(1 + k % 255);
        write_file(bad, good, len);
        good[at] ^= (char)(1 + k % 255);
        int state;
        np_error err;
        np_model *m = map_model(bad, &state, &err);
        ck_assert_msg(m == NULL, "a flip at byte %zu of %zu went unnoticed", at, len);
        /* the version and the layout tag: another version's file */
        int want = at >= 8 && at < 16 ? NP_MF_STALE : NP_MF_CORRUPT;
        ck_assert_msg(state == want, "flip at %zu: state %d (%s)", at, state, err.msg);
    }
    static const size_t cuts[] = {0, 1, 8, 63, 64, 65, 79, 80, 100, 4096};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts + 3; k++) {
        size_t n = k < sizeof cuts / sizeof *cuts ? cuts[k] : len - len / (k + 2) - (k == 10);
        write_file(bad, good, n);
        int state;
        np_error err;
        np_model *m = map_model(bad, &state, &err);
        ck_assert_msg(m == NULL, "cut to %zu bytes of %zu went unnoticed", n, len);
        ck_assert_int_eq(state, NP_MF_CORRUPT);
        if (n >= 80)
            ck_assert_msg(strstr(err.msg, "truncated") != NULL, "cut to %zu: %s", n, err.msg);
    }
    write_file(bad, good, len - 1);
    int state;
    np_error err;
    ck_assert_ptr_null(map_model(bad, &state, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, ": truncated"));
    free(good);
}
END_TEST

/* A full check (nerpipe check --model) passes a sound file and refuses a
 * byte changed anywhere: the header, the directory, a table, padding. */
START_TEST(test_full_check)
{
    size_t len, entries = 0, rules = 0;
    int state;
    np_error err;
    ck_assert_msg(np_modelfile_verify(modelpath, &entries, &rules, &state, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(state, NP_MF_OK);
    ck_assert_uint_eq(entries, yaml_model->gaz->n);
    ck_assert_uint_eq(rules, yaml_model->rules->n);
    char *good = read_file(modelpath, &len);
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/damaged", tmpdir);
    unsigned seed = 777;
    for (int k = 0; k < 40; k++) {
        size_t at = k < 8 ? (size_t)k * 10 : (seed = seed * 1103515245u + 12345u, (size_t)seed % len);
        good[at] ^= 0x21;
        write_file(bad, good, len);
        good[at] ^= 0x21;
        ck_assert_msg(np_modelfile_verify(bad, NULL, NULL, &state, &err) < 0, "a flip at byte %zu of %zu passed", at,
                      len);
        ck_assert_msg(state == NP_MF_CORRUPT || (at >= 8 && at < 16), "flip at %zu: state %d", at, state);
    }
    /* far from the header: the checksum of the tables */
    good[len - len / 3] ^= 0x21;
    write_file(bad, good, len);
    ck_assert_int_lt(np_modelfile_verify(bad, NULL, NULL, &state, &err), 0);
    ck_assert_msg(strstr(err.msg, "corrupt (checksum mismatch)") != NULL, "%s", err.msg);
    free(good);
}
END_TEST

/* A file of another format (another version number) is stale, not
 * corrupt, whatever its header holds after the number: --model rebuilds
 * it without a warning (and the nerpipe-batch cache replaces it). */
START_TEST(test_other_format)
{
    size_t len;
    char *data = read_file(modelpath, &len);
    uint32_t old = NP_MODELFILE_VERSION - 1;
    memcpy(data + 8, &old, 4);
    memset(data + 16, 0x5a, 64); /* a header laid out otherwise */
    char path[4300];
    snprintf(path, sizeof path, "%s/old-format", tmpdir);
    write_file(path, data, len);
    free(data);
    int state;
    np_error err;
    ck_assert_ptr_null(map_model(path, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
    ck_assert_msg(strstr(err.msg, "written by another version of nerpipe") != NULL, "%s", err.msg);
    np_set_warn_handler(keep_warning, NULL);
    warned[0] = 0;
    np_model *m = np_modelfile_load(&opts, path, &err);
    np_set_warn_handler(NULL, NULL);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "rebuilt");
    ck_assert_msg(!warned[0], "a model of another format was reported: %s", warned);
    np_model_free(m);
    ck_assert_ptr_nonnull(m = map_model(path, &state, &err));
    np_model_free(m);
}
END_TEST

START_TEST(test_foreign_and_missing)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/notes.txt", tmpdir);
    const char *text = "entries:\n  - {id: place:x, name: X, type: place}\n and more text to pass 64 bytes of header\n";
    write_file(path, text, strlen(text));
    int state;
    np_error err;
    ck_assert_ptr_null(map_model(path, &state, &err));
    ck_assert_int_eq(state, NP_MF_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a compiled nerpipe model"));
    snprintf(path, sizeof path, "%s/no-such-model", tmpdir);
    ck_assert_ptr_null(map_model(path, &state, &err));
    ck_assert_int_eq(state, NP_MF_UNREADABLE);
    ck_assert_ptr_null(map_model(tmpdir, &state, &err));
    ck_assert_int_eq(state, NP_MF_UNREADABLE);
}
END_TEST

/* A source added, edited or removed makes the file stale. */
START_TEST(test_stale_sources)
{
    char gzdir[4300], gzfile[4400], path[4300];
    snprintf(gzdir, sizeof gzdir, "%s/extra", tmpdir);
    ck_assert_int_eq(mkdir(gzdir, 0700), 0);
    snprintf(gzfile, sizeof gzfile, "%s/towns.yaml", gzdir);
    const char *v1 = "entries:\n  - {id: place:bregmoor, name: Bregmoor, type: place}\n";
    write_file(gzfile, v1, strlen(v1));
    const char *two[] = {extra_gz, gzdir};
    np_model_opts o2 = opts;
    o2.extra_gazetteers = two;
    o2.nextra_gazetteers = 2;
    snprintf(path, sizeof path, "%s/model2", tmpdir);

    int state;
    np_error err;
    /* built without the new directory: stale once it is asked for */
    ck_assert_ptr_null(np_modelfile_map(&o2, modelpath, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
    ck_assert_ptr_nonnull(strstr(err.msg, "its sources changed"));

    /* loading rebuilds it; then it maps, and knows the new place */
    np_model *m = np_modelfile_load(&o2, path, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "rebuilt");
    np_model_free(m);
    m = np_modelfile_load(&o2, path, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "mapped");
    ck_assert_int_ge(np_gazetteer_find(m->gaz, &m->lex, "place:bregmoor"), 0);
    np_model_free(m);

    /* an edit (a later modification time, another size) */
    const char *v2 = "entries:\n  - {id: place:bregmoor, name: Bregmoor, type: place}\n"
                     "  - {id: place:tollund-vale, name: Tollund Vale, type: place}\n";
    write_file(gzfile, v2, strlen(v2));
    ck_assert_ptr_null(np_modelfile_map(&o2, path, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
    m = np_modelfile_load(&o2, path, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_int_ge(np_gazetteer_find(m->gaz, &m->lex, "place:tollund-vale"), 0);
    np_model_free(m);

    /* a removal */
    ck_assert_int_eq(unlink(gzfile), 0);
    ck_assert_ptr_null(np_modelfile_map(&o2, path, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
}
END_TEST

/* Loading through a damaged file warns, rebuilds it and goes on. */
START_TEST(test_load_repairs)
{
    size_t len;
    char *data = read_file(modelpath, &len);
    data[100] ^= 0x40; /* in the table directory */
    char path[4300];
    snprintf(path, sizeof path, "%s/repair", tmpdir);
    write_file(path, data, len);
    free(data);
    np_set_warn_handler(keep_warning, NULL);
    warned[0] = 0;
    np_error err;
    np_model *m = np_modelfile_load(&opts, path, &err);
    np_set_warn_handler(NULL, NULL);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "rebuilt");
    ck_assert_msg(strstr(warned, "corrupt (directory checksum mismatch); rebuilding it from the sources") != NULL,
                  "%s", warned);
    np_model_free(m);
    int state;
    m = map_model(path, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    np_model_free(m);
}
END_TEST

/* A file that cannot be written is a warning: the run goes on. */
START_TEST(test_unwritable)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/no/such/dir/model", tmpdir);
    np_set_warn_handler(keep_warning, NULL);
    warned[0] = 0;
    np_error err;
    np_model *m = np_modelfile_load(&opts, path, &err);
    np_set_warn_handler(NULL, NULL);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "yaml");
    ck_assert_msg(strstr(warned, "cannot write the compiled model") != NULL, "%s", warned);
    np_model_free(m);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "No such file or directory"));
}
END_TEST


/* ---- files tampered with, then given right checksums ---- */

/* One table of a model file: its tag, element size, count (a number when
 * elsz is 0) and where its elements start, from the directory (the layout
 * of modelfile.c: an 80-byte header whose bytes 40-43 count the entries,
 * then one 24-byte entry per table: tag, element size, count, offset);
 * head is where its entry is. */
typedef struct rec {
    uint32_t tag, elsz;
    uint64_t count;
    size_t at, head;
} rec;

#define RTAG(s) ((uint32_t)(s)[0] | (uint32_t)(s)[1] << 8 | (uint32_t)(s)[2] << 16 | (uint32_t)(s)[3] << 24)
#define MF_HEAD 80
#define MF_ENTRY 24

static size_t parse_recs(const char *data, size_t len, rec *out, size_t max)
{
    uint32_t ntables;
    ck_assert_uint_ge(len, MF_HEAD);
    memcpy(&ntables, data + 40, 4);
    size_t n = 0;
    for (size_t pos = MF_HEAD; n < ntables && n < max && pos + MF_ENTRY <= len; pos += MF_ENTRY) {
        rec r;
        uint64_t offset;
        memcpy(&r.tag, data + pos, 4);
        memcpy(&r.elsz, data + pos + 4, 4);
        memcpy(&r.count, data + pos + 8, 8);
        memcpy(&offset, data + pos + 16, 8);
        r.head = pos;
        r.at = (size_t)offset;
        out[n++] = r;
    }
    return n;
}

static char *good_file;
static size_t good_len, nrecs;
static rec recs[4096];

/* The nth table tagged tag (the tries come in the order lexicon phrases,
 * titles, dates, gazetteer names, then each rule list). */
static const rec *table(const char *tag, int nth)
{
    for (size_t i = 0; i < nrecs; i++)
        if (recs[i].tag == RTAG(tag) && nth-- == 0)
            return &recs[i];
    ck_abort_msg("no table %s", tag);
    return NULL;
}

static char *copy_of_good(void)
{
    char *c = np_xmalloc(good_len);
    memcpy(c, good_file, good_len);
    return c;
}

/* Texts that name what the models of the tests hold (the shipped data and
 * tests/data/tiny): people with offices and dates, places inside places,
 * demonyms, titles, relative dates, every relation. */
static const char *const safety_texts[] = {
    "Prime Minister Mira Tolvanger met Arvid Kellmark in Berlin on Monday, the ministry said. "
    "The UN said Kellmark's \"Talks\" Xxxx went with again Kenji Amabuchi, as well as the two leaders. "
    "Amabuchi visited the city of Berlin last week and will meet President Ivan Smith next March.",
    "Talks between German and Norwegian officials in Tokyo-Berlin talks did not happen today; "
    "Mr. Amabuchi joined them. M. Tolvanger, the former PM, and Nippon's UN envoy sat down with her.",
    "TOKYO, May 2 (Reuters) - Japanese Prime Minister Fumio Kishida met U.S. President Joe Biden at the "
    "White House on Friday. The Indian prime minister spoke by phone with Chancellor Scholz yesterday, "
    "and President Bush visited Kyiv in Ukraine. Georgia Smith, the French foreign minister, arrived in "
    "Tbilisi, Georgia, and met Sheikh Mohammed bin Zayed.",
};

/* Runs every text to the graph, and the first through every stage with
 * its JSON lines, under m: under AddressSanitizer, with m's tables copied
 * out of the file (NP_MF_COPY_TABLES), a read past any table fails the
 * test. */
static void run_texts(const np_model *m)
{
    static FILE *sink;
    if (!sink)
        ck_assert_ptr_nonnull(sink = fopen("/dev/null", "w"));
    for (size_t t = 0; t < sizeof safety_texts / sizeof *safety_texts; t++) {
        for (int stage = NP_STAGE_GRAPH; stage <= (t ? NP_STAGE_GRAPH : NP_STAGE_RELATIONS); stage++)
            np_test_run_stage(m, safety_texts[t], "2008-03-01", stage, sink);
    }
}

/* Maps the file at path as the tests' damaged copies are mapped (its
 * sources not compared, its tables copied) and, when it maps, runs the
 * texts under it. Returns the state. */
static int map_and_run(const char *path, np_error *err)
{
    int state;
    np_model *m = np_modelfile_map_flags(&opts, path, NP_MF_ANY_SOURCES | NP_MF_COPY_TABLES, &state, err);
    if (m) {
        run_texts(m);
        np_model_free(m);
    }
    return state;
}

/* Writes copy (which it frees) to a file after sealing it, and returns
 * the file's path. */
static const char *write_sealed(char *copy)
{
    static char path[4300];
    snprintf(path, sizeof path, "%s/tampered", tmpdir);
    np_modelfile_seal(copy, good_len);
    write_file(path, copy, good_len);
    free(copy);
    return path;
}

/* The full check refuses the file at path as corrupt, with why in the
 * message when given. */
static void verify_refuses(const char *path, const char *what, const char *why)
{
    int state;
    np_error err;
    ck_assert_msg(np_modelfile_verify(path, NULL, NULL, &state, &err) < 0, "%s: the full check passed", what);
    ck_assert_msg(state == NP_MF_CORRUPT, "%s: state %d (%s)", what, state, err.msg);
    ck_assert_msg(strstr(err.msg, "corrupt (") != NULL, "%s: %s", what, err.msg);
    if (why)
        ck_assert_msg(strstr(err.msg, why) != NULL, "%s: '%s' is not about %s", what, err.msg, why);
}

/* Seals copy (which it frees) and checks that the full check refuses it,
 * and that mapping it either refuses it or gives a model that runs the
 * texts safely: what is checked where it is used. */
static void expect_refused(char *copy, const char *what, const char *why)
{
    const char *path = write_sealed(copy);
    verify_refuses(path, what, why);
    np_error err;
    int state = map_and_run(path, &err);
    ck_assert_msg(state == NP_MF_OK || state == NP_MF_CORRUPT, "%s: state %d (%s)", what, state, err.msg);
}

/* The same, but mapping must refuse it too: what every open checks. */
static void expect_refused_at_open(char *copy, const char *what, const char *why)
{
    const char *path = write_sealed(copy);
    verify_refuses(path, what, why);
    int state;
    np_error err;
    np_model *m = np_modelfile_map_flags(&opts, path, NP_MF_ANY_SOURCES, &state, &err);
    ck_assert_msg(m == NULL, "%s: a tampered file was used", what);
    ck_assert_msg(state == NP_MF_CORRUPT, "%s: state %d (%s)", what, state, err.msg);
    ck_assert_msg(strstr(err.msg, "corrupt (") != NULL, "%s: %s", what, err.msg);
    if (why)
        ck_assert_msg(strstr(err.msg, why) != NULL, "%s: '%s' is not about %s", what, err.msg, why);
}

/* Sets field of element i of table r in copy to value. */
#define EDIT(copy, r, i, type, field, value)                                                                           \
    do {                                                                                                               \
        type x_;                                                                                                       \
        ck_assert_uint_eq((r)->elsz, sizeof x_);                                                                       \
        ck_assert_uint_lt((uint64_t)(i), (r)->count);                                                                  \
        memcpy(&x_, (copy) + (r)->at + (size_t)(i) * sizeof x_, sizeof x_);                                           \
        x_.field = (value);                                                                                            \
        memcpy((copy) + (r)->at + (size_t)(i) * sizeof x_, &x_, sizeof x_);                                           \
    } while (0)

/* Element i of table r, read from the good file. */
#define GET(r, i, type, out) memcpy(&(out), good_file + (r)->at + (size_t)(i) * sizeof(type), sizeof(type))

/* The index of the first used edge of table r (a trie's edges). */
static size_t first_edge(const rec *r)
{
    for (size_t i = 0; i < r->count; i++) {
        np_trie_edge e;
        GET(r, i, np_trie_edge, e);
        if (e.child)
            return i;
    }
    ck_abort_msg("a trie without edges");
    return 0;
}

/* The index of the first element of a uint32 table equal (or not) to 0. */
static size_t first_u32(const rec *r, int nonzero)
{
    for (size_t i = 0; i < r->count; i++) {
        uint32_t v;
        GET(r, i, uint32_t, v);
        if ((v != 0) == nonzero)
            return i;
    }
    ck_abort_msg("no such slot");
    return 0;
}

/* Every 0 of a uint32 table (a hash table's empty slots) set to 1. */
static void fill_slots(char *copy, const rec *r)
{
    for (size_t i = 0; i < r->count; i++) {
        uint32_t v;
        memcpy(&v, copy + r->at + i * 4, 4);
        if (!v) {
            v = 1;
            memcpy(copy + r->at + i * 4, &v, 4);
        }
    }
}

static void set_u32(char *copy, const rec *r, size_t i, uint32_t v)
{
    ck_assert_uint_lt(i, r->count);
    memcpy(copy + r->at + i * 4, &v, 4);
}

static void set_u64(char *copy, const rec *r, size_t i, uint64_t v)
{
    ck_assert_uint_lt(i, r->count);
    memcpy(copy + r->at + i * 8, &v, 8);
}

/* Sets the number that directory entry r holds (elsz 0). */
static void set_value(char *copy, const rec *r, uint64_t v)
{
    ck_assert_uint_eq(r->elsz, 0);
    memcpy(copy + r->head + 8, &v, 8);
}

/* The index of the first element of table r whose pattern node kind is k
 * (rules.c's P_*: 0 sequence, 5 list, 10 gap). */
static size_t first_node(const rec *r, int kind)
{
    for (size_t i = 0; i < r->count; i++) {
        np_pnode n;
        GET(r, i, np_pnode, n);
        if (n.kind == kind)
            return i;
    }
    ck_abort_msg("no pattern node of kind %d", kind);
    return 0;
}

static void load_good(void)
{
    good_file = read_file(modelpath, &good_len);
    nrecs = parse_recs(good_file, good_len, recs, sizeof recs / sizeof *recs);
    ck_assert_uint_gt(nrecs, 20);
}

START_TEST(test_sealed_copy_maps)
{
    load_good();
    /* sealing a sound file changes nothing: what follows is refused for
     * what was changed, not for the seal */
    char *copy = copy_of_good();
    np_modelfile_seal(copy, good_len);
    ck_assert(memcmp(copy, good_file, good_len) == 0);
    free(copy);
    ck_assert_uint_eq(np_modelfile_checksum("", 0), np_modelfile_checksum("", 0));
    ck_assert_uint_ne(np_modelfile_checksum("a", 1), np_modelfile_checksum("b", 1));
    free(good_file);
}
END_TEST

START_TEST(test_tampered_counts)
{
    load_good();
    /* a count beyond the file, in every table: refused at open */
    for (size_t i = 0; i < nrecs; i++) {
        if (!recs[i].elsz)
            continue; /* a number, not a table */
        /* the first table is the source list, read before the others */
        const char *why = i ? "outside the file" : "no source list";
        char *c = copy_of_good();
        uint64_t huge = (uint64_t)1 << 60;
        memcpy(c + recs[i].head + 8, &huge, 8);
        expect_refused_at_open(c, "a huge count", why);
        c = copy_of_good();
        uint64_t more = recs[i].count + (good_len - recs[i].at) / recs[i].elsz + 1;
        memcpy(c + recs[i].head + 8, &more, 8);
        expect_refused_at_open(c, "a count past the end", why);
        if (recs[i].count) {
            /* a table moved: past the end, into the header, off its alignment */
            uint64_t at[] = {good_len, 16, recs[i].at + 8};
            for (size_t k = 0; k < 3; k++) {
                c = copy_of_good();
                memcpy(c + recs[i].head + 16, &at[k], 8);
                expect_refused_at_open(c, "a table moved", why);
            }
            /* onto another table: only the full check sees that */
            c = copy_of_good();
            size_t other = i ? i - 1 : i + 1;
            while (!recs[other].count || !recs[other].elsz)
                other = other ? other - 1 : nrecs - 1;
            uint64_t there = recs[other].at;
            memcpy(c + recs[i].head + 16, &there, 8);
            if (recs[other].at + recs[i].count * recs[i].elsz <= good_len && other != i)
                expect_refused(c, "a table on another", NULL);
            else
                free(c);
        }
    }
    /* tables missing or one too many, a table of another kind */
    char *c = copy_of_good();
    uint32_t fewer = (uint32_t)nrecs - 1, more = (uint32_t)nrecs + 1;
    memcpy(c + 40, &fewer, 4);
    expect_refused_at_open(c, "a table fewer", NULL);
    c = copy_of_good();
    memcpy(c + 40, &more, 4);
    expect_refused_at_open(c, "a table more", NULL);
    c = copy_of_good();
    uint32_t tag = RTAG("XXXX");
    memcpy(c + table("GENT", 0)->head, &tag, 4);
    expect_refused_at_open(c, "another tag", "unexpected table");
    /* the edge count of a trie that its table does not hold */
    c = copy_of_good();
    set_value(c, table("TRNE", 3), 12345);
    expect_refused(c, "edge count", "trie");
    free(good_file);
}
END_TEST

START_TEST(test_tampered_pool_and_vocab)
{
    load_good();
    const rec *pool = table("POOL", 0), *vent = table("VENT", 0), *vslt = table("VSLT", 0);
    char *c = copy_of_good();
    c[pool->at + pool->count - 1] = 'x'; /* the last string runs off the end */
    expect_refused_at_open(c, "pool end", "pool");
    c = copy_of_good();
    c[pool->at] = 'x';
    expect_refused_at_open(c, "pool start", "pool");

    c = copy_of_good();
    EDIT(c, vent, vent->count - 1, np_vocab_entry, str, (uint32_t)pool->count);
    expect_refused(c, "vocab key offset", "vocabulary");
    c = copy_of_good();
    EDIT(c, vent, 0, np_vocab_entry, len, (uint32_t)pool->count);
    expect_refused(c, "vocab key length", "vocabulary");
    c = copy_of_good();
    EDIT(c, vent, 0, np_vocab_entry, cal, 13); /* a thirteenth month */
    expect_refused(c, "vocab month", "vocabulary");
    c = copy_of_good();
    EDIT(c, vent, 0, np_vocab_entry, cal, 8 << 4); /* an eighth weekday */
    expect_refused(c, "vocab weekday", "vocabulary");

    c = copy_of_good();
    set_u32(c, vslt, first_u32(vslt, 1), (uint32_t)vent->count + 1);
    expect_refused(c, "vocab slot", "vocabulary");
    c = copy_of_good();
    fill_slots(c, vslt); /* a lookup that misses would probe for ever */
    expect_refused(c, "full vocab slots", "vocabulary");
    free(good_file);
}
END_TEST

START_TEST(test_tampered_tries)
{
    load_good();
    /* the same damage to every trie: lexicon phrases, titles, dates,
     * gazetteer names and each rule list */
    for (int t = 0;; t++) {
        const rec *nodes = NULL, *edges = NULL, *payload = NULL;
        int found = 0;
        for (size_t i = 0, k = 0; i < nrecs; i++)
            if (recs[i].tag == RTAG("TRNO") && k++ == (size_t)t) {
                nodes = &recs[i], edges = &recs[i + 1], payload = &recs[i + 2];
                found = 1;
            }
        if (!found) {
            ck_assert_int_ge(t, 5);
            break;
        }
        ck_assert_uint_eq(edges->tag, RTAG("TRED"));
        ck_assert_uint_eq(payload->tag, RTAG("TRPA"));
        char *c;
        if (nodes->count) {
            c = copy_of_good();
            EDIT(c, nodes, nodes->count - 1, np_trie_node, first, (uint32_t)payload->count);
            EDIT(c, nodes, nodes->count - 1, np_trie_node, count, 1);
            expect_refused(c, "trie node payload", NULL);
            c = copy_of_good();
            EDIT(c, nodes, 0, np_trie_node, count, UINT32_MAX);
            expect_refused(c, "trie node count", NULL);
        }
        if (edges->count) {
            size_t e = first_edge(edges);
            c = copy_of_good();
            EDIT(c, edges, e, np_trie_edge, child, (uint32_t)nodes->count + 1);
            expect_refused(c, "trie edge child", NULL);
            c = copy_of_good();
            EDIT(c, edges, e, np_trie_edge, parent, (uint32_t)nodes->count);
            expect_refused(c, "trie edge parent", NULL);
            c = copy_of_good();
            for (size_t i = 0; i < edges->count; i++)
                EDIT(c, edges, i, np_trie_edge, child, 1); /* no empty slot */
            expect_refused(c, "full trie edges", NULL);
        }
        /* payload: titles index the title table, dates are 1-3, names index
         * the candidates */
        if (payload->count && (t == 1 || t == 2 || t == 3)) {
            uint32_t bad = t == 1 ? (uint32_t)table("TITL", 0)->count : t == 2 ? 4 : (uint32_t)table("GCAN", 0)->count;
            c = copy_of_good();
            set_u32(c, payload, payload->count - 1, bad);
            expect_refused(c, "trie payload", NULL);
        }
    }
    free(good_file);
}
END_TEST

START_TEST(test_tampered_titles_and_gazetteer)
{
    load_good();
    const rec *pool = table("POOL", 0), *titl = table("TITL", 0), *gent = table("GENT", 0),
              *grol = table("GROL", 0), *gcan = table("GCAN", 0), *gids = table("GIDS", 0);
    uint32_t far = (uint32_t)pool->count, n = (uint32_t)gent->count;
    char *c = copy_of_good();
    EDIT(c, titl, 0, np_title, role, far);
    expect_refused_at_open(c, "title role", "titles");
    c = copy_of_good();
    EDIT(c, titl, 0, np_title, cls, 200);
    expect_refused_at_open(c, "title class", "titles");

#define ENTRY(field, value)                                                                                            \
    do {                                                                                                               \
        c = copy_of_good();                                                                                            \
        EDIT(c, gent, n - 1, np_gz_entry, field, value);                                                               \
        expect_refused(c, "entry " #field, "gazetteer entries");                                                       \
    } while (0)
    ENTRY(id, far);
    ENTRY(name, far);
    ENTRY(subtype, far);
    ENTRY(attrs, far);
    ENTRY(family, far);
    ENTRY(file, far);
    ENTRY(located_in, n + 1);
    ENTRY(capital, n + 1);
    ENTRY(roles, (uint32_t)grol->count);
    ENTRY(nroles, (uint32_t)grol->count + 1);
    ENTRY(type, 3);
    ENTRY(lat, NAN);
    ENTRY(lon, INFINITY);
    ENTRY(prior, NAN);
    ENTRY(population, -INFINITY);
    c = copy_of_good();
    np_gz_entry e;
    GET(gent, 0, np_gz_entry, e);
    memcpy(e.country, "ABCD", 4); /* no NUL */
    memcpy(c + gent->at, &e, sizeof e);
    expect_refused(c, "entry country", "gazetteer entries");

    np_gz_role r;
    GET(grol, 0, np_gz_role, r);
    c = copy_of_good();
    EDIT(c, grol, 0, np_gz_role, title, far);
    expect_refused(c, "role title", "roles");
    c = copy_of_good();
    EDIT(c, grol, 0, np_gz_role, of, n + 1);
    expect_refused(c, "role of", "roles");
    c = copy_of_good();
    memset(r.from, '9', sizeof r.from);
    memcpy(c + grol->at, &r, sizeof r);
    expect_refused(c, "role from", "roles");

    c = copy_of_good();
    EDIT(c, gcan, 0, np_gz_cand, entry, n);
    expect_refused(c, "candidate entry", "gazetteer names");
    c = copy_of_good();
    EDIT(c, gcan, 0, np_gz_cand, text, far);
    expect_refused(c, "candidate text", "gazetteer names");
    c = copy_of_good();
    EDIT(c, gcan, 0, np_gz_cand, casekey, far);
    expect_refused(c, "candidate case key", "gazetteer names");
    c = copy_of_good();
    EDIT(c, gcan, 0, np_gz_cand, ntok, 0);
    expect_refused(c, "candidate tokens", "gazetteer names");

    c = copy_of_good();
    set_u32(c, gids, first_u32(gids, 1), n + 1);
    expect_refused(c, "id slot", "id index");
    c = copy_of_good();
    fill_slots(c, gids);
    expect_refused(c, "full id slots", "id index");
    free(good_file);
}
END_TEST

START_TEST(test_tampered_rules)
{
    load_good();
    const rec *pool = table("POOL", 0), *rule = table("RULE", 0), *rnod = table("RNOD", 0),
              *ridx = table("RIDX", 0), *rlnm = table("RLNM", 0);
    uint32_t far = (uint32_t)pool->count, nn = (uint32_t)rnod->count;
    np_rule r0;
    GET(rule, 0, np_rule, r0);
    char *c;
#define RULE(field, value)                                                                                             \
    do {                                                                                                               \
        c = copy_of_good();                                                                                            \
        EDIT(c, rule, 0, np_rule, field, value);                                                                       \
        expect_refused_at_open(c, "rule " #field, "rules");                                                                    \
    } while (0)
    RULE(id, far);
    RULE(relation, far);
    RULE(file, far);
    RULE(status, 3);
    RULE(ncaps, NP_RULE_MAX_CAPTURES + 1);
    RULE(ncaps, -1);
    RULE(capname[0], far);
    RULE(root, nn);
    RULE(root, r0.root + 1); /* a node inside the pattern, not a root */
    RULE(anchor, 1000);
    RULE(nneed, 5);
    RULE(cap_a, (int8_t)r0.ncaps);
    RULE(cap_b, -2);
    RULE(cap_place, NP_RULE_MAX_CAPTURES);
    RULE(cap_date, 100);

    /* pattern nodes: a kind that does not exist, children outside the
     * table, before their parent or shared, bad repetitions and gaps */
    size_t seq = first_node(rnod, 0), list = first_node(rnod, 5), gap = first_node(rnod, 10);
#define NODE(i, field, value)                                                                                          \
    do {                                                                                                               \
        c = copy_of_good();                                                                                            \
        EDIT(c, rnod, i, np_pnode, field, value);                                                                      \
        expect_refused_at_open(c, "node " #field, "rule patterns");                                                            \
    } while (0)
    NODE(seq, kind, 99);
    NODE(seq, first, (uint32_t)seq); /* its own child: a loop */
    NODE(seq, first, 0);
    NODE(seq, nkids, nn);
    NODE(seq, nkids, 0);
    NODE(seq, cap, NP_RULE_MAX_CAPTURES);
    NODE(list, word, 100000); /* far more lists than there are */
    NODE(list, nkids, 1);
    NODE(gap, max, 0);
    NODE(gap, max, 1000);
    NODE(gap, what, 7);
    /* two nodes sharing children: the first sequence takes those of a
     * later node (which come after both) */
    int shared = 0;
    for (size_t i = seq + 1; i < rnod->count && !shared; i++) {
        np_pnode o;
        GET(rnod, i, np_pnode, o);
        if (o.nkids && (o.kind == 0 || o.kind == 1) && o.first > i) {
            c = copy_of_good();
            EDIT(c, rnod, seq, np_pnode, first, o.first);
            EDIT(c, rnod, seq, np_pnode, nkids, o.nkids);
            expect_refused_at_open(c, "shared children", "rule patterns");
            shared = 1;
        }
    }
    ck_assert(shared);

    c = copy_of_good();
    set_u64(c, ridx, 0, (uint64_t)1 << 32 | (uint32_t)rule->count);
    expect_refused_at_open(c, "index rule", "rule index");
    if (ridx->count > 1) {
        uint64_t a, b;
        GET(ridx, 0, uint64_t, a);
        GET(ridx, ridx->count - 1, uint64_t, b);
        if (a != b) {
            c = copy_of_good();
            set_u64(c, ridx, 0, b);
            set_u64(c, ridx, ridx->count - 1, a);
            expect_refused_at_open(c, "index order", "rule index");
        }
    }
    c = copy_of_good();
    set_value(c, rlnm, far);
    expect_refused_at_open(c, "list name", "rule lists");
    free(good_file);
}
END_TEST

/* CAMEO choices and the table, damaged, are refused too. */
START_TEST(test_tampered_cameo)
{
    load_good();
    const rec *rule = table("RULE", 0);
    char *c;
    c = copy_of_good();
    EDIT(c, rule, 0, np_rule, ncameo, NP_CAMEO_CHOICES + 1);
    expect_refused_at_open(c, "rule ncameo", "rules");
    /* a rule's CAMEO choices: a kind, a list or a code that is none */
    size_t with_cameo = rule->count;
    for (size_t i = 0; i < rule->count && with_cameo == rule->count; i++) {
        np_rule r;
        GET(rule, i, np_rule, r);
        if (r.ncameo)
            with_cameo = i;
    }
    ck_assert_uint_lt(with_cameo, rule->count);
#define CAMEO(field, value)                                                                                            \
    do {                                                                                                               \
        c = copy_of_good();                                                                                            \
        EDIT(c, rule, with_cameo, np_rule, field, value);                                                              \
        expect_refused_at_open(c, "rule " #field, "rules");                                                                    \
    } while (0)
    CAMEO(cameo[0].kind, 9);
    CAMEO(cameo[0].list, 100000);
    {
        np_rule r;
        GET(rule, with_cameo, np_rule, r);
        ck_assert_int_eq(r.cameo[0].kind, NP_CK_CODE); /* (talks-with: 046) */
        CAMEO(cameo[0].code[1], 'x');
        CAMEO(cameo[0].code[3], 'x');
    }
    /* the CAMEO table: a code that is not one */
    const rec *rcam = table("RCAM", 0);
    ck_assert_uint_eq(rcam->count, NP_CAMEO_SLOTS * NP_CAMEO_LEN);
    c = copy_of_good();
    c[rcam->at + 1] = 'x';
    expect_refused_at_open(c, "cameo table code", "rules");
    c = copy_of_good();
    memset(c + rcam->at, '7', NP_CAMEO_LEN);
    expect_refused_at_open(c, "cameo table without a NUL", "rules");
    free(good_file);
}
END_TEST

/* ---- damage where a document reads it ---- */

/* A byte changed anywhere in a model, the copy sealed (so that the header
 * and directory checks pass and the changed byte is read as written),
 * then mapped with every table in an allocation of its own and the texts
 * run under it: whatever the byte, the file is refused or the texts run.
 * Under AddressSanitizer (./configure --enable-sanitizers) a read outside
 * any table fails here; without it, a crash or a hang does. The model is
 * tests/data/tiny's, small enough that the texts read much of it and
 * every table is hit: one byte in NP_FLIP_STRIDE (default 13; 1 for every
 * byte), changed by a different amount each time. */
START_TEST(test_flips_run_safely)
{
    char dir[4300], path[4300];
    snprintf(dir, sizeof dir, "%s/tests/data/tiny", test_datadir());
    snprintf(path, sizeof path, "%s/tiny.model", tmpdir);
    np_model_opts to = {.datadir = dir};
    np_error err;
    np_model *y = np_model_load(&to, &err);
    ck_assert_msg(y != NULL, "%s", err.msg);
    ck_assert_int_eq(np_modelfile_write(y, &to, path, &err), 0);
    np_model_free(y);
    size_t len;
    char *good = read_file(path, &len);
    const char *env = getenv("NP_FLIP_STRIDE");
    size_t stride = env && atoi(env) > 0 ? (size_t)atoi(env) : 13;
    char flipped[4300];
    snprintf(flipped, sizeof flipped, "%s/flipped", tmpdir);
    size_t mapped = 0, tried = 0;
    for (size_t at = 0; at < len; at += stride, tried++) {
        char *c = np_xmalloc(len);
        memcpy(c, good, len);
        c[at] ^= (char)(1 + tried % 255);
        np_modelfile_seal(c, len);
        write_file(flipped, c, len);
        free(c);
        int state = map_and_run(flipped, &err);
        ck_assert_msg(state == NP_MF_OK || state == NP_MF_CORRUPT, "flip at %zu: state %d (%s)", at, state, err.msg);
        mapped += state == NP_MF_OK;
    }
    /* most changes reach the documents rather than being refused at open */
    ck_assert_msg(mapped * 2 > tried, "only %zu of %zu damaged files mapped", mapped, tried);
    free(good);
}
END_TEST

/* ---- writing replaces nothing but a model ---- */

static np_model *load_warned(const char *path)
{
    np_set_warn_handler(keep_warning, NULL);
    warned[0] = 0;
    np_error err;
    np_model *m = np_modelfile_load(&opts, path, &err);
    np_set_warn_handler(NULL, NULL);
    ck_assert_msg(m != NULL, "%s", err.msg);
    return m;
}

/* Names in tmpdir/sub other than keep: temporary files left behind. */
static int strays(const char *dir, const char *keep)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, keep);
    closedir(d);
    return n;
}

/* path is refused by both writers and left as it was (lstat the same). */
static void expect_kept(const char *path, const char *kind)
{
    struct stat before, after;
    ck_assert_int_eq(lstat(path, &before), 0);
    np_error err;
    ck_assert_int_eq(np_modelfile_check_target(path, &err), NP_MF_REFUSED);
    ck_assert_msg(strstr(err.msg, ": not a nerpipe model (") && strstr(err.msg, kind) &&
                      strstr(err.msg, "); refusing to replace it"),
                  "%s", err.msg);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), NP_MF_REFUSED);
    np_model *m = load_warned(path);
    ck_assert_str_eq(m->origin, "yaml");
    ck_assert_msg(strstr(warned, "refusing to replace it; using the YAML sources") != NULL, "%s", warned);
    np_model_free(m);
    ck_assert_int_eq(lstat(path, &after), 0);
    ck_assert_uint_eq(before.st_ino, after.st_ino);
    ck_assert_uint_eq(before.st_mode, after.st_mode);
    ck_assert_int_eq(before.st_size, after.st_size);
    ck_assert_int_eq(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
    ck_assert_int_eq(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
}

START_TEST(test_refused_targets)
{
    char dir[4300], path[4400], other[4400];
    snprintf(dir, sizeof dir, "%s/targets", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);

    /* a file that is not a model: a graph given by mistake, an empty file */
    snprintf(path, sizeof path, "%s/graph.json", dir);
    write_file(path, "{\"nodes\": []}\n", 14);
    expect_kept(path, "a regular file that does not begin with NERPIPEM");
    size_t len;
    char *back = read_file(path, &len);
    ck_assert_uint_eq(len, 14);
    ck_assert(memcmp(back, "{\"nodes\": []}\n", 14) == 0);
    free(back);
    snprintf(path, sizeof path, "%s/empty", dir);
    write_file(path, "", 0);
    expect_kept(path, "a regular file");
    snprintf(path, sizeof path, "%s/short", dir);
    write_file(path, "NERP", 4);
    expect_kept(path, "a regular file");

    /* a directory, a FIFO (which opening would block on), a device */
    snprintf(path, sizeof path, "%s/adir", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    expect_kept(path, "a directory");
    snprintf(path, sizeof path, "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    expect_kept(path, "a FIFO");
    snprintf(path, sizeof path, "%s/null", dir);
    if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) == 0)
        expect_kept(path, "a character device");
    else
        ck_assert_int_eq(errno, EPERM); /* not root: no device of our own */

    /* a symbolic link, to a model or to anything else */
    snprintf(other, sizeof other, "%s/graph.json", dir);
    snprintf(path, sizeof path, "%s/link-to-json", dir);
    ck_assert_int_eq(symlink(other, path), 0);
    expect_kept(path, "a symbolic link");
    snprintf(path, sizeof path, "%s/dangling", dir);
    ck_assert_int_eq(symlink("no-such-file", path), 0);
    expect_kept(path, "a symbolic link");
    snprintf(path, sizeof path, "%s/link-to-model", dir);
    ck_assert_int_eq(symlink(modelpath, path), 0);
    np_error err;
    ck_assert_int_eq(np_modelfile_check_target(path, &err), NP_MF_REFUSED);
    /* a link to a sound model is read through all the same */
    int state;
    np_model *m = map_model(path, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    np_model_free(m);

    /* what may be replaced: nothing, or a model, sound or not */
    snprintf(path, sizeof path, "%s/none", dir);
    ck_assert_int_eq(np_modelfile_check_target(path, &err), 0);
    ck_assert_int_eq(np_modelfile_check_target(modelpath, &err), 0);
    snprintf(path, sizeof path, "%s/no/such/dir", dir);
    ck_assert_int_eq(np_modelfile_check_target(path, &err), 0);
}
END_TEST

START_TEST(test_write_temporary)
{
    char dir[4300], path[4400];
    snprintf(dir, sizeof dir, "%s/writes", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/m", dir);
    np_error err;
    /* mode 0644 less the umask */
    mode_t old = umask(0);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), 0);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0644);
    ck_assert_int_eq(unlink(path), 0);
    umask(027);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), 0);
    umask(old);
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0640);
    ck_assert_int_eq(strays(dir, "m"), 0);

    /* a link planted where a temporary file might go (the name earlier
     * versions used) is neither followed nor replaced */
    char victim[4500], planted[4500];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    write_file(victim, "precious", 8);
    snprintf(planted, sizeof planted, "%s.tmp%ld", path, (long)getpid());
    ck_assert_int_eq(symlink(victim, planted), 0);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), 0);
    size_t vlen;
    char *v = read_file(victim, &vlen);
    ck_assert(vlen == 8 && memcmp(v, "precious", 8) == 0);
    free(v);
    ck_assert_int_eq(lstat(path, &sb), 0);
    ck_assert(S_ISREG(sb.st_mode));
    ck_assert_int_eq(lstat(planted, &sb), 0);
    ck_assert(S_ISLNK(sb.st_mode));
    ck_assert_int_eq(unlink(planted), 0);
    ck_assert_int_eq(unlink(victim), 0);
    /* an old model is replaced: a new file, not written in place */
    ino_t ino = sb.st_ino;
    char keep[4500];
    snprintf(keep, sizeof keep, "%s/hardlink", dir);
    ck_assert_int_eq(link(path, keep), 0);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), 0);
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_uint_ne(sb.st_ino, ino);
    ck_assert_int_eq(unlink(keep), 0);

    /* a write that fails half way (the file size limit) leaves the old
     * model and no temporary file */
    size_t len;
    char *before = read_file(path, &len);
    struct rlimit lim, small = {.rlim_cur = 4096, .rlim_max = 0};
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &lim), 0);
    small.rlim_max = lim.rlim_max;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = np_modelfile_write(yaml_model, &opts, path, &err);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    signal(SIGXFSZ, prev);
    ck_assert_int_eq(rc, NP_MF_FAILED);
    ck_assert_msg(strstr(err.msg, strerror(EFBIG)) != NULL, "%s", err.msg);
    size_t len2;
    char *after = read_file(path, &len2);
    ck_assert(len == len2 && memcmp(before, after, len) == 0);
    free(before);
    free(after);
    ck_assert_int_eq(strays(dir, "m"), 0);
}
END_TEST

/* ---- the fuzz harness's files (tests/fuzz_modelfile.c) ---- */

/* Seals the file at path as the harness does and maps it whatever its
 * sources; runs a document through it when it maps. Returns the state. */
static int map_sealed(const char *path)
{
    size_t len;
    char *data = read_file(path, &len);
    np_modelfile_seal(data, len);
    char scratch[4300];
    snprintf(scratch, sizeof scratch, "%s/sealed", tmpdir);
    write_file(scratch, data, len);
    free(data);
    int state;
    np_error err;
    np_model *m = np_modelfile_map_flags(&opts, scratch, NP_MF_ANY_SOURCES, &state, &err);
    if (m) {
        free(graph_of(m, "Prime Minister Mira Tolvanger met Arvid Kellmark in Berlin on Monday, the UN said."));
        np_model_free(m);
    }
    return state;
}

/* The seed maps: when the format changes it must be compiled again (see
 * tests/data/tiny/README.md), or the fuzzer would start from a file that
 * is refused at once. */
START_TEST(test_fuzz_seed)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/tests/fuzz/modelfile/tiny.model", test_datadir());
    ck_assert_msg(map_sealed(path) == NP_MF_OK, "the seed %s no longer maps: compile it again", path);
}
END_TEST

/* The inputs the harness once crashed on are refused or used safely now. */
START_TEST(test_fuzz_regressions)
{
    char dir[4300];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/modelfile", test_datadir());
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[4600];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        map_sealed(path);
    }
    closedir(d);
}
END_TEST

/* np_hash as defined: 8-byte words, then the last bytes in a zeroed word
 * as memcpy puts them there. A model stores these values: a faster hash
 * must give the same ones. */
static uint64_t hash_mix(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

static uint64_t hash_as_defined(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = hash_mix(h ^ w) + 0x2545f4914f6cdd1dULL;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    return hash_mix(h ^ w ^ ((uint64_t)n << 56));
}

START_TEST(test_hash_values)
{
    unsigned char key[48];
    uint64_t x = 0x243f6a8885a308d3ULL;
    for (int round = 0; round < 64; round++) {
        for (size_t i = 0; i < sizeof key; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            key[i] = (unsigned char)(round % 4 == 0 ? 'a' + (x >> 59) : x >> 56); /* letters, or any byte */
        }
        for (size_t off = 0; off < 3; off++)
            for (size_t n = 0; n + off <= 40; n++)
                ck_assert_uint_eq(np_hash(key + off, n), hash_as_defined(key + off, n));
    }
    ck_assert_uint_eq(np_hash("", 0), hash_as_defined((const unsigned char *)"", 0));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("modelfile");
    TCase *tc = tcase_create("modelfile");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_same_tables);
    tcase_add_test(tc, test_hash_values);
    tcase_add_test(tc, test_same_graph);
    tcase_add_test(tc, test_damage_refused);
    tcase_add_test(tc, test_full_check);
    tcase_add_test(tc, test_other_format);
    tcase_add_test(tc, test_foreign_and_missing);
    tcase_add_test(tc, test_stale_sources);
    tcase_add_test(tc, test_load_repairs);
    tcase_add_test(tc, test_unwritable);
    tcase_add_test(tc, test_sealed_copy_maps);
    tcase_add_test(tc, test_tampered_counts);
    tcase_add_test(tc, test_tampered_pool_and_vocab);
    tcase_add_test(tc, test_tampered_tries);
    tcase_add_test(tc, test_tampered_titles_and_gazetteer);
    tcase_add_test(tc, test_tampered_rules);
    tcase_add_test(tc, test_tampered_cameo);
    tcase_add_test(tc, test_flips_run_safely);
    tcase_add_test(tc, test_refused_targets);
    tcase_add_test(tc, test_write_temporary);
    tcase_add_test(tc, test_fuzz_seed);
    tcase_add_test(tc, test_fuzz_regressions);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
