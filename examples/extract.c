/*
 * extract.c: reads a news article on standard input and writes its graph
 * as JSON, like `nerpipe [--date=YYYY-MM-DD]`, using only nerpipe.h.
 *
 *   cc extract.c $(pkg-config --cflags --libs nerpipe) \
 *      -DEXTRACT_DATADIR="\"$(pkg-config --variable=pkgdatadir nerpipe)\""
 *   ./extract --date=2024-01-15 < article.txt
 *
 * The data directory: $NERPIPE_DATA, else EXTRACT_DATADIR when given at
 * build, else the library's installed default.
 */
#include <nerpipe.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *date = NULL;
    if (argc > 1 && strncmp(argv[1], "--date=", 7) == 0)
        date = argv[1] + 7;
    else if (argc > 1) {
        fprintf(stderr, "usage: %s [--date=YYYY-MM-DD] < ARTICLE\n", argv[0]);
        return 2;
    }

    /* the whole of standard input */
    size_t len = 0, cap = 1 << 16;
    char *text = malloc(cap);
    size_t n;
    while (text && (n = fread(text + len, 1, cap - len, stdin)) > 0) {
        len += n;
        if (len == cap) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    if (!text || ferror(stdin)) {
        fprintf(stderr, "extract: cannot read standard input\n");
        free(text);
        return 1;
    }

    np_error err;
    np_model_opts mo = {0};
    const char *env = getenv("NERPIPE_DATA");
#ifdef EXTRACT_DATADIR
    mo.datadir = env && *env ? env : EXTRACT_DATADIR;
#else
    mo.datadir = env && *env ? env : NULL;
#endif
    np_model *m = np_model_open(&mo, &err);
    if (!m) {
        fprintf(stderr, "extract: %s\n", err.msg);
        free(text);
        return 1;
    }
    np_graph *g = np_graph_new();
    np_text_opts to = {"-", NULL, date, 0};
    int rc = np_graph_add_text(g, m, text, len, &to, &err);
    free(text);
    if (rc == 0)
        rc = np_graph_write(g, NP_FORMAT_JSON, 0, stdout, &err);
    if (rc < 0)
        fprintf(stderr, "extract: %s\n", err.msg);
    np_graph_free(g);
    np_model_free(m);
    return rc < 0 ? 1 : 0;
}
