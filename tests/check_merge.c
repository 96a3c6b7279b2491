/*
 * check_merge.c: unit tests of np_merge_list (batch.h), the reader behind
 * `nerpipe merge --inputs-from=LIST`: the files named one a line are
 * merged as the lines come, to the graph that merging them as arguments
 * gives; blank lines name nothing; a name that cannot be opened, or is
 * not a regular file (a directory, a FIFO without a writer, which must
 * not make it wait), is an error that leaves the others merged; a list
 * read from a pipe is taken as it is written. And np_merge_lines
 * (gjson.h), the reader of `--follow`: a stream fed in pieces of any size
 * reads as the whole stream does.
 */
#include "batch.h"
#include "gjson.h"

#include "nerpipe.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/check_merge.XXXXXX";

static const char graph_a[] =
    "{\"directed\":false,\"graph\":{\"document\":{\"name\":\"a\"}},\"links\":[{\"source\":\"person:x\","
    "\"target\":\"person:y\",\"relation\":\"met\",\"weight\":1,\"evidence\":[{\"doc\":0,\"start\":3}]}],"
    "\"multigraph\":true,\"nodes\":[{\"id\":\"person:x\",\"label\":\"X\"},{\"id\":\"person:y\",\"label\":\"Y\"}]}\n";
static const char graph_b[] =
    "{\"id\":7,\"graph\":{\"directed\":false,\"graph\":{\"document\":{\"name\":\"b\"}},\"links\":[{\"source\":"
    "\"person:y\",\"target\":\"person:x\",\"relation\":\"met\",\"weight\":2}],\"multigraph\":true,\"nodes\":"
    "[{\"id\":\"person:y\",\"label\":\"Y\"},{\"id\":\"person:z\",\"label\":\"Z\"}]}}\n"
    "{\"id\":8,\"line\":2,\"error\":\"line 2: no \\\"text\\\" string\"}\n";

static char *path_of(const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *name, const char *text)
{
    char *p = path_of(name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

/* The merged graph of mg as JSON text (caller frees); mg is freed. */
static char *result(np_merge *mg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    np_error err;
    ck_assert_int_eq(np_merge_write(mg, NP_FORMAT_JSON, 0, f, &err), 0);
    fclose(f);
    np_merge_free(mg);
    return text;
}

/* A reader's report: the last one kept in ctx (200 bytes). */
static void keep_last(const char *msg, void *ctx)
{
    snprintf(ctx, 200, "%s", msg);
}

/* The graph of the files a and b merged as arguments are. */
static char *direct(void)
{
    np_merge *mg = np_merge_new();
    const char *names[] = {"a.json", "b.jsonl"};
    for (int i = 0; i < 2; i++) {
        char *p = path_of(names[i]);
        FILE *f = fopen(p, "r");
        ck_assert_uint_eq(np_merge_read(mg, f, p, NULL), 0);
        fclose(f);
        free(p);
    }
    return result(mg);
}

/* np_merge_list over the list text (names relative to dir are made whole). */
static int from_list(const char *list, char **out)
{
    np_buf b = {0};
    for (const char *s = list; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n && s[0] != '/')
            np_buf_printf(&b, "%s/", dir);
        np_buf_add(&b, s, n);
        np_buf_addc(&b, '\n');
        s += n + (nl != NULL);
    }
    FILE *f = fmemopen(b.data, b.len, "r");
    np_merge *mg = np_merge_new();
    int bad = np_merge_list(mg, f, "LIST");
    fclose(f);
    np_buf_free(&b);
    *out = result(mg);
    return bad;
}

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file("a.json", graph_a);
    write_file("b.jsonl", graph_b);
}

static void teardown(void)
{
    const char *names[] = {"a.json", "b.jsonl", "fifo", "sub"};
    for (int i = 0; i < 4; i++) {
        char *p = path_of(names[i]);
        remove(p);
        free(p);
    }
    rmdir(dir);
    strcpy(dir, "/tmp/check_merge.XXXXXX");
}

/* Named in a list, in either order and with blank lines: the graph of
 * the files given as arguments. */
START_TEST(test_list_is_direct)
{
    char *want = direct(), *got;
    ck_assert_int_eq(from_list("a.json\nb.jsonl\n", &got), 0);
    ck_assert_str_eq(got, want);
    free(got);
    ck_assert_int_eq(from_list("\nb.jsonl\n\n\na.json", &got), 0);
    ck_assert_str_eq(got, want);
    ck_assert_ptr_nonnull(strstr(got, "\"errors\":{\"count\":1,\"ids\":[8]}"));
    free(got);
    free(want);
}
END_TEST

/* A missing file, a directory and a FIFO nobody writes are errors, at
 * once; the other files are still merged. */
START_TEST(test_bad_names)
{
    char *fifo = path_of("fifo"), *sub = path_of("sub");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    free(fifo);
    free(sub);
    char *want = direct(), *got;
    alarm(20); /* (a FIFO opened for reading would wait for a writer) */
    ck_assert_int_eq(from_list("a.json\nno-such-file\nfifo\nsub\nb.jsonl\n", &got), 1);
    alarm(0);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    /* nothing named: the empty graph, no error */
    ck_assert_int_eq(from_list("", &got), 0);
    ck_assert_str_eq(got, "{\"directed\":false,\"graph\":{\"documents\":[]},\"links\":[],\"multigraph\":true,\"nodes\":[]}\n");
    free(got);
}
END_TEST

/* A list read from a pipe while its writer is still writing: each name is
 * taken as it comes, and the merge ends when the pipe is closed. */
START_TEST(test_list_from_pipe)
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fd[0]);
        char *a = path_of("a.json"), *b = path_of("b.jsonl");
        dprintf(fd[1], "%s\n", a);
        struct timespec t = {0, 200000000};
        nanosleep(&t, NULL);
        dprintf(fd[1], "%s\n", b);
        _exit(0);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    np_merge *mg = np_merge_new();
    ck_assert_int_eq(np_merge_list(mg, f, "-"), 0);
    fclose(f);
    int status;
    waitpid(pid, &status, 0);
    char *got = result(mg), *want = direct();
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
}
END_TEST

/* text fed to a new reader in pieces of size bytes (the last shorter):
 * the merged graph (caller frees), *problems what the reader counted and
 * *last the last problem reported (or ""). */
static char *fed(const char *text, size_t len, size_t size, int read_errno, size_t *problems, char last[200])
{
    np_merge *mg = np_merge_new();
    last[0] = '\0';
    np_merge_lines *r = np_merge_lines_new(mg, keep_last, last);
    for (size_t i = 0; i < len; i += size)
        np_merge_lines_feed(r, text + i, len - i < size ? len - i : size);
    *problems = np_merge_lines_end(r, read_errno);
    return result(mg);
}

/* Fed in pieces of any size, and with a value spread over lines: the graph
 * the files give; a value cut short by the end, and a read error, are
 * reported whatever the pieces. */
START_TEST(test_lines_in_pieces)
{
    np_buf text = {0};
    for (const char *c = graph_a; *c; c++) /* (its strings hold no commas) */
        np_buf_add(&text, *c == ',' ? ",\n  " : c, *c == ',' ? 4 : 1);
    np_buf_add(&text, graph_b, strlen(graph_b));
    char *want = direct(), last[200];
    const size_t sizes[] = {1, 2, 3, 7, 64, 1 << 20};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t problems;
        char *got = fed(text.data, text.len, sizes[k], 0, &problems, last);
        ck_assert_uint_eq(problems, 0);
        ck_assert_str_eq(got, want);
        free(got);
        /* the last line without its newline */
        got = fed(text.data, text.len - 1, sizes[k], 0, &problems, last);
        ck_assert_uint_eq(problems, 0);
        ck_assert_str_eq(got, want);
        free(got);
    }
    free(want);
    /* a graph, then one cut short, then a read error */
    np_merge *mg = np_merge_new();
    np_merge_add_text(mg, graph_a, strlen(graph_a), NULL, 64, 0, "a", &(np_error){0});
    want = result(mg);
    np_buf cut = {0};
    np_buf_add(&cut, graph_a, strlen(graph_a));
    const char *cut_short = "{\"directed\":false,\n\"nodes\":[";
    np_buf_add(&cut, cut_short, strlen(cut_short));
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t problems;
        char *got = fed(cut.data, cut.len, sizes[k], 0, &problems, last);
        ck_assert_uint_eq(problems, 1);
        ck_assert_str_eq(last, "line 2: a value cut short by the end of the input");
        ck_assert_str_eq(got, want);
        free(got);
        got = fed(cut.data, cut.len, sizes[k], EIO, &problems, last);
        ck_assert_uint_eq(problems, 2);
        ck_assert_ptr_nonnull(strstr(last, "line 4: read error: "));
        free(got);
    }
    free(want);
    np_buf_free(&cut);
    np_buf_free(&text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("merge");
    TCase *tc = tcase_create("list");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_list_is_direct);
    tcase_add_test(tc, test_bad_names);
    tcase_add_test(tc, test_list_from_pipe);
    tcase_add_test(tc, test_lines_in_pieces);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
