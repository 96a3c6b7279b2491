/*
 * fuzz_common.h: shared set-up of the libFuzzer harnesses (tests/fuzz_*.c):
 * the data directory (NERPIPE_DATA, else the source tree), a model loaded
 * once, and a scratch file for the loaders that read files.
 */
#ifndef NP_FUZZ_COMMON_H
#define NP_FUZZ_COMMON_H

#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline const char *fuzz_datadir(void)
{
    const char *d = getenv("NERPIPE_DATA");
    return d && *d ? d : NP_SRCDIR;
}

/* The shipped model, or only its word lists and rules (no gazetteers) when
 * gazetteers is 0: a data directory whose gazetteers/ is empty. */
static inline np_model *fuzz_model(int gazetteers)
{
    np_error err;
    np_model_opts o = {0};
    char tmp[] = "/tmp/np-fuzz-data-XXXXXX";
    if (!gazetteers) {
        if (!mkdtemp(tmp))
            abort();
        char p[4096];
        snprintf(p, sizeof p, "%s/gazetteers", tmp);
        mkdir(p, 0700);
        snprintf(p, sizeof p, "%s/rules", tmp);
        char src[4096];
        snprintf(src, sizeof src, "%s/rules", fuzz_datadir());
        if (symlink(src, p) != 0)
            abort();
        o.datadir = tmp;
    } else {
        o.datadir = fuzz_datadir();
    }
    np_model *m = np_model_load(&o, &err);
    if (!m) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        abort();
    }
    if (!gazetteers) { /* everything is loaded: the scratch directory can go */
        char p[4096];
        snprintf(p, sizeof p, "%s/rules", tmp);
        unlink(p);
        snprintf(p, sizeof p, "%s/gazetteers", tmp);
        rmdir(p);
        rmdir(tmp);
    }
    return m;
}

/* The loaders add every new word of an input to the model's vocabulary,
 * which would grow over millions of inputs until the fuzzer's memory limit:
 * a model that grew by more than 64 MB is loaded afresh. */
static inline np_model *fuzz_model_fresh(np_model *m, int gazetteers)
{
    static size_t base;
    if (m && m->lex.pool.buf.len + m->lex.vocab.n * sizeof *m->lex.vocab.ents <= base + ((size_t)64 << 20))
        return m;
    np_model_free(m);
    m = fuzz_model(gazetteers);
    base = m->lex.pool.buf.len + m->lex.vocab.n * sizeof *m->lex.vocab.ents;
    return m;
}

/* Writes data to a scratch file whose path is returned (static buffer). */
static inline const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/np-fuzz-%d%s", (int)getpid(), suffix);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    return path;
}

#endif
