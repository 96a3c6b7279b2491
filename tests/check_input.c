/*
 * check_input.c: unit tests of how input is read and refused: read errors
 * (a FILE whose reads fail with EIO, from fopencookie, and a directory)
 * for whole documents and for the JSON-lines reader, the size limits
 * (whole input and per JSON line), the YAML reader's refusals (duplicate
 * keys, NUL characters, unknown tags) and honoured tags, and the walk of
 * a data directory with symbolic-link loops.
 */
#define _GNU_SOURCE /* fopencookie */
#include "batch.h"
#include "datadir.h"
#include "model.h"
#include "testutil.h"
#include "yamltree.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static np_model *model;

/* ---- a stream that gives some bytes, then fails with EIO ---- */

typedef struct failing {
    const char *data;
    size_t len, pos;
} failing;

static ssize_t failing_read(void *cookie, char *buf, size_t size)
{
    failing *f = cookie;
    if (f->pos == f->len) {
        errno = EIO;
        return -1;
    }
    size_t n = f->len - f->pos < size ? f->len - f->pos : size;
    memcpy(buf, f->data + f->pos, n);
    f->pos += n;
    return (ssize_t)n;
}

static FILE *open_failing(failing *f, const char *data)
{
    f->data = data;
    f->len = strlen(data);
    f->pos = 0;
    cookie_io_functions_t io = {.read = failing_read};
    FILE *fp = fopencookie(f, "r", io);
    ck_assert_ptr_nonnull(fp);
    return fp;
}

START_TEST(test_read_all_eio)
{
    failing fc;
    FILE *f = open_failing(&fc, "Arvid Kellmark met Mira Tolvanger.\n");
    char *data = NULL;
    size_t len = 0;
    np_error err;
    ck_assert_int_eq(np_read_all(f, "flaky", NP_MAX_INPUT, &data, &len, &err), -1);
    ck_assert_str_eq(err.msg, "flaky: Input/output error");
    ck_assert_ptr_null(data);
    fclose(f);
}
END_TEST

START_TEST(test_read_all_directory)
{
    FILE *f = fopen(test_datadir(), "rb");
    ck_assert_ptr_nonnull(f);
    char *data = NULL;
    size_t len = 0;
    np_error err;
    ck_assert_int_eq(np_read_all(f, "DIR", NP_MAX_INPUT, &data, &len, &err), -1);
    ck_assert_str_eq(err.msg, "DIR: Is a directory");
    fclose(f);
}
END_TEST

START_TEST(test_read_all_limit)
{
    char text[] = "0123456789";
    char *data;
    size_t len;
    np_error err;
    /* a stream without a size: counted */
    FILE *f = fmemopen(text, 10, "rb");
    ck_assert_int_eq(np_read_all(f, "mem", 9, &data, &len, &err), -1);
    ck_assert_str_eq(err.msg, "mem: input larger than the limit of 9 bytes");
    fclose(f);
    f = fmemopen(text, 10, "rb");
    ck_assert_int_eq(np_read_all(f, "mem", 10, &data, &len, &err), 0);
    ck_assert_uint_eq(len, 10);
    ck_assert_str_eq(data, "0123456789");
    free(data);
    fclose(f);
    /* a regular file: refused from its size, before a byte is read */
    char path[] = "/tmp/np-input-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, 10), 10);
    close(fd);
    f = fopen(path, "rb");
    unlink(path);
    ck_assert_int_eq(np_read_all(f, "file", 9, &data, &len, &err), -1);
    ck_assert_str_eq(err.msg, "file: input of 10 bytes is larger than the limit of 9 bytes");
    ck_assert_int_eq(ftell(f), 0);
    rewind(f);
    ck_assert_int_eq(np_read_all(f, "file", 10, &data, &len, &err), 0);
    ck_assert_uint_eq(len, 10);
    free(data);
    fclose(f);
}
END_TEST

/* Runs np_run_jsonl over in; returns its status, the output in *out
 * (caller frees) and the error. */
static int run_jsonl(FILE *in, size_t max_line, char **out, int *failed, np_error *err)
{
    size_t outlen = 0;
    FILE *o = open_memstream(out, &outlen);
    np_jsonl_opts jo = {"in", NULL, 1, max_line};
    *failed = 0;
    int rc = np_run_jsonl(model, in, &jo, o, failed, err);
    fclose(o);
    return rc;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

START_TEST(test_jsonl_eio)
{
    /* two lines, then the device fails: their results, then the error */
    failing fc;
    FILE *in = open_failing(&fc, "{\"id\": 1, \"text\": \"Arvid Kellmark met Mira Tolvanger.\"}\n"
                                 "{\"id\": 2, \"text\": \"Mira Tolvanger left.\"}\n");
    char *out;
    int failed;
    np_error err;
    ck_assert_int_eq(run_jsonl(in, 0, &out, &failed, &err), -2);
    ck_assert_str_eq(err.msg, "in: Input/output error");
    ck_assert_int_eq(failed, 1);
    ck_assert_uint_eq(count_lines(out), 2);
    ck_assert_ptr_nonnull(strstr(out, "{\"id\":2,\"graph\":"));
    free(out);
    fclose(in);
}
END_TEST

START_TEST(test_jsonl_directory)
{
    FILE *in = fopen(test_datadir(), "rb");
    ck_assert_ptr_nonnull(in);
    char *out;
    int failed;
    np_error err;
    ck_assert_int_eq(run_jsonl(in, 0, &out, &failed, &err), -2);
    ck_assert_str_eq(err.msg, "in: Is a directory");
    ck_assert_int_eq(failed, 1);
    ck_assert_str_eq(out, "");
    free(out);
    fclose(in);
}
END_TEST

START_TEST(test_jsonl_long_line)
{
    /* a line of 1 MB between two short ones, with a limit of 100 bytes */
    np_buf text = {0};
    np_buf_adds(&text, "{\"id\": 1, \"text\": \"Mira Tolvanger.\"}\n{\"id\": 2, \"text\": \"");
    for (int i = 0; i < 1 << 20; i++)
        np_buf_addc(&text, 'x');
    np_buf_adds(&text, "\"}\r\n{\"id\": 3, \"text\": \"Arvid Kellmark.\"}");
    FILE *in = fmemopen(text.data, text.len, "rb");
    char *out;
    int failed;
    np_error err;
    ck_assert_int_eq(run_jsonl(in, 100, &out, &failed, &err), 0);
    ck_assert_int_eq(failed, 1);
    ck_assert_uint_eq(count_lines(out), 3);
    ck_assert_ptr_nonnull(strstr(out, "{\"id\":1,\"graph\":"));
    ck_assert_ptr_nonnull(strstr(out, "\n{\"id\":null,\"line\":2,\"error\":\"line 2: longer than the limit of 100 bytes\"}\n"));
    ck_assert_ptr_nonnull(strstr(out, "{\"id\":3,\"graph\":"));
    free(out);
    fclose(in);
    /* a line of exactly the limit is taken */
    const char *exact = "{\"id\": 4, \"text\": \"Mira Tolvanger.\"}";
    in = fmemopen((void *)exact, strlen(exact), "rb");
    ck_assert_int_eq(run_jsonl(in, strlen(exact), &out, &failed, &err), 0);
    ck_assert_int_eq(failed, 0);
    ck_assert_ptr_nonnull(strstr(out, "{\"id\":4,\"graph\":"));
    free(out);
    fclose(in);
    np_buf_free(&text);
}
END_TEST

/* ---- YAML ---- */

static const struct {
    const char *yaml, *want;
} bad_yaml[] = {
    {"a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at 1:1)"},
    {"m: {x: 1, y: 2, x: 3}\n", "t.yaml:1:17: duplicate key 'x' (first at 1:5)"},
    {"l:\n  - {k: 1}\n  - {k: 1, j: 2, k: 3}\n", "t.yaml:3:18: duplicate key 'k' (first at 3:6)"},
    {"'a': 1\n\"a\": 2\n", "t.yaml:2:1: duplicate key 'a' (first at 1:1)"},
    {"a: 1\n!!str a: 2\n", "t.yaml:2:1: duplicate key 'a' (first at 1:1)"},
    /* a large mapping (sorted rather than pairwise): the first repeat in the file */
    {"{k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k10: 0, k11: 1, k12: 2, k13: 3,"
     " k14: 4, k15: 5, k16: 6, k17: 7, k9: 9, k3: 3}\n",
     "t.yaml:1:136: duplicate key 'k9' (first at 1:65)"},
    {"a: \"x\\0y\"\n", "t.yaml:1:4: a NUL character in a string"},
    {"\"x\\0\": 1\n", "t.yaml:1:1: a NUL character in a string"},
    {"a: !foo x\n", "t.yaml:1:4: unsupported YAML tag '!foo'"},
    {"a: !!binary aGVsbG8=\n", "t.yaml:1:4: unsupported YAML tag '!!binary'"},
    {"a: !!python/object {x: 1}\n", "t.yaml:1:4: unsupported YAML tag '!!python/object'"},
    {"a: !!timestamp 2001-12-14\n", "t.yaml:1:4: unsupported YAML tag '!!timestamp'"},
    {"a: !!set {x: null}\n", "t.yaml:1:4: unsupported YAML tag '!!set'"},
    {"%TAG !e! tag:example.com,2000:\n---\na: !e!thing x\n", "t.yaml:3:4: unsupported YAML tag 'tag:example.com,2000:thing'"},
    {"a: !!int 1.5\n", "t.yaml:1:4: '1.5' is not an integer (!!int)"},
    {"a: !!int ''\n", "t.yaml:1:4: '' is not an integer (!!int)"},
    {"a: !!float 1.2.3\n", "t.yaml:1:4: '1.2.3' is not a number (!!float)"},
    {"a: !!float e5\n", "t.yaml:1:4: 'e5' is not a number (!!float)"},
    {"a: !!bool yes\n", "t.yaml:1:4: 'yes' is not true or false (!!bool)"},
    {"a: !!null nothing\n", "t.yaml:1:4: 'nothing' is not null (!!null)"},
    {"a: !!seq x\n", "t.yaml:1:4: 'x' is not a sequence (!!seq)"},
    {"a: !!str [x]\n", "t.yaml:1:4: a sequence cannot be tagged '!!str'"},
    {"a: !!seq {x: 1}\n", "t.yaml:1:4: a mapping cannot be tagged '!!seq'"},
    {"!!seq\na: 1\n", "t.yaml:1:1: a mapping cannot be tagged '!!seq'"},
};

START_TEST(test_yaml_refused)
{
    np_error err = {0};
    np_ynode *root = np_ytree_load_string("t.yaml", bad_yaml[_i].yaml, strlen(bad_yaml[_i].yaml), &err);
    ck_assert_msg(root == NULL, "accepted: %s", bad_yaml[_i].yaml);
    ck_assert_msg(strncmp(err.msg, bad_yaml[_i].want, strlen(bad_yaml[_i].want)) == 0, "got '%s', want '%s'", err.msg,
                  bad_yaml[_i].want);
}
END_TEST

static const struct {
    const char *yaml, *str;
    int plain;
} tagged[] = {
    {"v: 123\n", "123", 1},
    {"v: '123'\n", "123", 0},
    {"v: !!str 123\n", "123", 0},
    {"v: ! 123\n", "123", 0},
    {"v: !<tag:yaml.org,2002:str> true\n", "true", 0},
    {"v: !!int '42'\n", "42", 1},
    {"v: !!int -7\n", "-7", 1},
    {"v: !!int 0x1F\n", "0x1F", 1},
    {"v: !!float .5\n", ".5", 1},
    {"v: !!float -1.5e3\n", "-1.5e3", 1},
    {"v: !!float 3\n", "3", 1},
    {"v: !!float .inf\n", ".inf", 1},
    {"v: !!bool True\n", "true", 1},
    {"v: !!bool FALSE\n", "false", 1},
    {"v: !!null ~\n", "null", 1},
    {"v: !!null\n", "null", 1},
    {"v: !!null Null\n", "null", 1},
};

START_TEST(test_yaml_tags_honoured)
{
    np_error err = {0};
    np_ynode *root = np_ytree_load_string("t.yaml", tagged[_i].yaml, strlen(tagged[_i].yaml), &err);
    ck_assert_msg(root != NULL, "%s: %s", tagged[_i].yaml, err.msg);
    const np_ynode *v = np_ymap_get(root, "v");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, NP_Y_SCALAR);
    ck_assert_str_eq(v->str, tagged[_i].str);
    ck_assert_uint_eq(v->len, strlen(tagged[_i].str));
    ck_assert_int_eq(v->plain, tagged[_i].plain);
    np_ynode_free(root);
}
END_TEST

START_TEST(test_yaml_tagged_collections)
{
    const char *y = "!!map\nl: !!seq [a, b]\nm: !!map {x: 1}\n";
    np_error err = {0};
    np_ynode *root = np_ytree_load_string("t.yaml", y, strlen(y), &err);
    ck_assert_msg(root != NULL, "%s", err.msg);
    ck_assert_int_eq(np_ymap_get(root, "l")->type, NP_Y_SEQ);
    ck_assert_int_eq(np_ymap_get(root, "m")->type, NP_Y_MAP);
    np_ynode_free(root);
}
END_TEST

START_TEST(test_ystream_duplicate_top_key)
{
    const char *y = "entries:\n  - {id: a}\ndescription: x\nentries:\n  - {id: b}\n";
    np_error err = {0};
    np_ystream *st = np_ystream_open_string("s.yaml", y, strlen(y), &err);
    ck_assert_ptr_nonnull(st);
    const char *k;
    int keys = 0;
    while ((k = np_ystream_next_key(st))) {
        keys++;
        np_ynode_free(np_ystream_value(st));
    }
    ck_assert_int_eq(np_ystream_failed(st), 1);
    ck_assert_int_eq(keys, 2);
    ck_assert_str_eq(err.msg, "s.yaml:4:1: duplicate key 'entries' (first at 1:1)");
    np_ystream_close(st);
}
END_TEST

START_TEST(test_ystream_item_checks)
{
    /* the item-by-item reader refuses the same things */
    const char *y = "entries:\n  - {id: a, id: b}\n";
    np_error err = {0};
    np_ystream *st = np_ystream_open_string("s.yaml", y, strlen(y), &err);
    ck_assert_ptr_nonnull(st);
    ck_assert_str_eq(np_ystream_next_key(st), "entries");
    ck_assert_int_eq(np_ystream_list_begin(st), 0);
    ck_assert_ptr_null(np_ystream_list_next(st));
    ck_assert_int_eq(np_ystream_failed(st), 1);
    ck_assert_str_eq(err.msg, "s.yaml:2:13: duplicate key 'id' (first at 2:6)");
    np_ystream_close(st);
}
END_TEST

/* ---- the data-directory walk ---- */

static void put(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void link_in(const char *dir, const char *name, const char *target)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ck_assert_int_eq(symlink(target, path), 0);
}

START_TEST(test_walk_link_loops)
{
    char top[] = "/tmp/np-walk-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(top));
    char d[8][2048];
    /* top/d1/d2/.../d7, each with links to itself, the top and (below the
     * top) its parent */
    snprintf(d[0], sizeof d[0], "%s", top);
    for (int i = 1; i < 8; i++) {
        snprintf(d[i], sizeof d[i], "%s/d%d", d[i - 1], i);
        ck_assert_int_eq(mkdir(d[i], 0700), 0);
    }
    put(d[0], "a.yaml", "x: 1\n");
    put(d[7], "b.yaml", "x: 2\n");
    put(d[3], "notes.txt", "not yaml\n");
    link_in(d[0], "again.yaml", "a.yaml"); /* the same file by another name */
    for (int i = 0; i < 8; i++) {
        link_in(d[i], "self", ".");
        if (i)
            link_in(d[i], "up", "..");
        link_in(d[i], "top", top);
        link_in(d[i], "zz-top", top);
    }
    char **files;
    size_t n;
    np_error err;
    double t0 = np_now();
    ck_assert_int_eq(np_list_yaml(top, &files, &n, &err), 0);
    ck_assert_msg(np_now() - t0 < 2.0, "the walk took %.1f s", np_now() - t0);
    ck_assert_uint_eq(n, 2);
    char want[4096 + 16];
    snprintf(want, sizeof want, "%s/a.yaml", top);
    ck_assert_str_eq(files[0], want);
    snprintf(want, sizeof want, "%s/b.yaml", d[7]);
    ck_assert_str_eq(files[1], want);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_walk_not_a_directory)
{
    static char *dummy[1];
    char **files = dummy;
    size_t n = 1;
    np_error err;
    char path[4096];
    snprintf(path, sizeof path, "%s/README.md", test_datadir());
    ck_assert_int_eq(np_list_yaml(path, &files, &n, &err), -1);
    ck_assert_ptr_null(files);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_nonnull(strstr(err.msg, "README.md: Not a directory"));
}
END_TEST

int main(void)
{
    np_error err;
    np_model_opts opts = {.datadir = test_datadir()};
    model = np_model_load(&opts, &err);
    if (!model) {
        fprintf(stderr, "model: %s\n", err.msg);
        return 1;
    }
    Suite *s = suite_create("input");
    TCase *tr = tcase_create("read");
    tcase_set_timeout(tr, 60);
    tcase_add_test(tr, test_read_all_eio);
    tcase_add_test(tr, test_read_all_directory);
    tcase_add_test(tr, test_read_all_limit);
    tcase_add_test(tr, test_jsonl_eio);
    tcase_add_test(tr, test_jsonl_directory);
    tcase_add_test(tr, test_jsonl_long_line);
    suite_add_tcase(s, tr);
    TCase *ty = tcase_create("yaml");
    tcase_add_loop_test(ty, test_yaml_refused, 0, sizeof bad_yaml / sizeof *bad_yaml);
    tcase_add_loop_test(ty, test_yaml_tags_honoured, 0, sizeof tagged / sizeof *tagged);
    tcase_add_test(ty, test_yaml_tagged_collections);
    tcase_add_test(ty, test_ystream_duplicate_top_key);
    tcase_add_test(ty, test_ystream_item_checks);
    suite_add_tcase(s, ty);
    TCase *tw = tcase_create("walk");
    tcase_set_timeout(tw, 60);
    tcase_add_test(tw, test_walk_link_loops);
    tcase_add_test(tw, test_walk_not_a_directory);
    suite_add_tcase(s, tw);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    np_model_free(model);
    return failed ? 1 : 0;
}
