/*
 * fuzz_replay_main.c: the driver that turns each libFuzzer harness
 * (tests/fuzz_*.c) into a plain program outside a fuzzing build. Every
 * argument is a file, read whole and passed once to LLVMFuzzerTestOneInput,
 * as libFuzzer does with file arguments. `make check` builds the harnesses
 * this way with the project's compiler and flags and replays their seeds
 * and kept findings (tests/fuzz_replay.sh), so a harness that no longer
 * compiles, or an input that crashes again, fails the suite and not only
 * `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads path whole into a buffer the caller frees; NULL on a read error. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = len;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        size_t size;
        uint8_t *data = read_all(argv[i], &size);
        if (!data) {
            perror(argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    return 0;
}
