/*
 * cli.c: nerpipe's command line (see cli.h): parsing options, the --help
 * text, and the loop over input documents. Exit codes are those of np.h.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "cli.h"

#include "nerpipe.h"

#include "config.h"
#include "api.h"
#include "batch.h"
#include "datacheck.h"
#include "formats.h"
#include "input.h"
#include "pipeline.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <limits.h>
#include <unistd.h>

typedef struct np_cli {
    const char *date; /* date_buf when --date was given, else NULL */
    char date_buf[11];
    const char *datadir;
    const char *model;
    const char **gazetteers;
    size_t ngazetteers;
    int format;
    int dot_isolated; /* --dot-isolated */
    int stage;
    int pretty;
    int stats;
    int jsonl;
    int errors_as_lines; /* --errors=lines: a bad record is its error line, and exit status 0 */
    int errors_given;
    size_t first_line;
    char **inputs;
    int ninputs;
} np_cli;

/* After the version: the licences of the code and of the data it ships
 * (LICENSE, gazetteers/README.md). */
static const char version_licences[] =
    "The code is under the MIT licence (the file LICENSE, installed as\n"
    "PREFIX/share/doc/nerpipe/LICENSE). The data is too, except the\n"
    "generated place files, which keep their sources' licences: GeoNames\n"
    "data, CC BY 4.0 (attribution: GeoNames, geonames.org); iso-codes,\n"
    "LGPL-2.1-or-later; world-countries, ODbL-1.0. gazetteers/README.md in\n"
    "the data directory lists them by file.\n";

static const char usage_text[] =
    "Usage: nerpipe [OPTION]... [FILE]...\n"
    "   or: nerpipe merge [--evidence=N] [--format=FORMAT] [--dot-isolated] [--pretty]\n"
    "                     [--inputs-from=LIST [--follow]] [GRAPH]...\n"
    "   or: nerpipe compile [--data=DIR] [--gazetteer=PATH]... [--output=FILE]\n"
    "   or: nerpipe check [--data=DIR] [PATH]...\n"
    "   or: nerpipe check --model=FILE\n"
    "Finds the people, places and organizations named in news text and who met\n"
    "whom, where and when, and writes them as a JSON graph. Meetings, visits\n"
    "and phone or video calls (relation called) carry CAMEO event codes (cameo;\n"
    "rules/README.md).\n"
    "\n"
    "With no FILE, or when FILE is -, reads standard input. Several FILEs make\n"
    "one graph with the documents merged.\n"
    "\n"
    "Options:\n"
    "      --date=YYYY-MM-DD  the document's date (a real day, years 1 to 9999),\n"
    "                         against which \"on Friday\" or \"last November\"\n"
    "                         are resolved (default: a full date in the text's\n"
    "                         first lines, if any)\n"
    "      --data=DIR         where the gazetteers/ and rules/ directories are\n"
    "                         (default: $NERPIPE_DATA, else the installed data)\n"
    "      --gazetteer=PATH   load this gazetteer file or directory too\n"
    "                         (repeatable; see gazetteers/README.md)\n"
    "      --model=FILE       use the compiled model FILE (see compile below):\n"
    "                         map it when it is sound and up to date, else\n"
    "                         load the YAML and (re)write FILE (default:\n"
    "                         $NERPIPE_MODEL; none: load the YAML each run).\n"
    "                         A FILE that is not a model is left alone: a\n"
    "                         warning, and the run goes on from the YAML\n"
    "      --format=FORMAT    output format: json (the default; node-link for d3\n"
    "                         and networkx), cytoscape, graphml, gexf, dot, jgf;\n"
    "                         for event data: events (a CSV table, one row per\n"
    "                         met, visited or called link), events-tsv (the\n"
    "                         same as TSV) and geojson (those links and the\n"
    "                         places as points); see EVENT DATA in nerpipe(1)\n"
    "      --dot-isolated     with --format=dot, draw the nodes that have no\n"
    "                         link too (left out by default, and counted in a\n"
    "                         comment)\n"
    "      --jsonl            read JSON lines {\"id\", \"text\", \"date\"} and write one\n"
    "                         line {\"id\", \"graph\"} or {\"id\", \"error\"} per input\n"
    "                         line (a line over 4 GiB is an error line); exit\n"
    "                         status 1 when any line failed\n"
    "      --errors=lines     with --jsonl: a bad line is only its error line,\n"
    "                         and the exit status stays 0 (for Hadoop Streaming\n"
    "                         and Spark, which fail a task that exits non-zero);\n"
    "                         an input that cannot be read is still status 1.\n"
    "                         --errors=status is the default\n"
    "      --first-line=N     with --jsonl: number the input's lines from N (for\n"
    "                         scripts that split a file, as nerpipe-batch does)\n"
    "      --stage=STAGE      print what the pipeline knows after STAGE, as JSON\n"
    "                         lines: tokens, sentences, entities, relations;\n"
    "                         each line names its file (key document, \"-\"\n"
    "                         for standard input)\n"
    "      --pretty           indent the JSON output\n"
    "      --stats            print timings (load, each stage, output), the\n"
    "                         input size and the peak memory to stderr as one\n"
    "                         JSON line\n"
    "  -h, --help             show this help and exit\n"
    "  -V, --version          show the version and the licences, and exit\n"
    "\n"
    "nerpipe compile turns the data directory's YAML (and any --gazetteer) into\n"
    "one binary file (default: nerpipe.model) that --model maps at start-up in\n"
    "milliseconds whatever the size of the gazetteers. Its header (version,\n"
    "size, checksums) and its table directory are checked at every start-up,\n"
    "and it is rebuilt when they are wrong or a source changed; its large\n"
    "tables are checked where a document uses them (nerpipe check\n"
    "--model=FILE checks all of it). Only a nerpipe model is ever replaced:\n"
    "compile and --model refuse a FILE that is another file, a directory, a\n"
    "device, a FIFO or a symbolic link, and leave it as it was.\n"
    "\n"
    "nerpipe check loads the data directory (or, with PATHs, those gazetteer\n"
    "files or directories, as --gazetteer loads them) with the loaders nerpipe\n"
    "uses and prints every problem, not only the first, as FILE:LINE:COLUMN:\n"
    "message, then the entries by type (see nerpipe check --help); with\n"
    "--model=FILE, it checks that compiled model in full.\n"
    "\n"
    "Input is UTF-8 text; invalid bytes and NUL bytes become U+FFFD with a\n"
    "warning. Offsets in the output count Unicode code points. An input over\n"
    "4 GiB is refused before it is read; a directory or a read error is an\n"
    "error, never the end of the input.\n"
    "\n"
    "Exit status:\n"
    "  0  success (warnings may have been printed)\n"
    "  1  input or data error: an unreadable file or directory, a read error, an\n"
    "     input over 4 GiB, a broken gazetteer or rule file (for check: any\n"
    "     problem)\n"
    "  2  usage error\n"
    "  3  the output could not be written (for compile: also FILE is not a\n"
    "     nerpipe model, and was left alone)\n";

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "nerpipe: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'nerpipe --help' for more information.\n");
}

/* The options that only go with others: 0, or -1 (reported). */
static int check_args(const np_cli *o)
{
    if (o->dot_isolated && o->format != NP_FORMAT_DOT) {
        usage_error("%s", "--dot-isolated is for --format=dot");
        return -1;
    }
    if (o->errors_given && !o->jsonl) {
        usage_error("%s", "--errors is for --jsonl");
        return -1;
    }
    if (o->jsonl && (o->format != NP_FORMAT_JSON || o->stage != NP_STAGE_GRAPH)) {
        usage_error("%s", "--jsonl writes JSON graphs: it takes no --format or --stage");
        return -1;
    }
    return 0;
}

/* Returns 0 to go on, 1 when --help or --version was handled, -1 on a
 * usage error (already reported). */
static int parse_args(int argc, char **argv, np_cli *o)
{
    enum {
        OPT_DATE = 256, OPT_DATA, OPT_MODEL, OPT_GAZ, OPT_FORMAT, OPT_STAGE, OPT_PRETTY, OPT_STATS, OPT_JSONL,
        OPT_FIRST_LINE, OPT_ERRORS, OPT_DOT_ISOLATED
    };
    static const struct option longopts[] = {
        {"date", required_argument, NULL, OPT_DATE},
        {"data", required_argument, NULL, OPT_DATA},
        {"model", required_argument, NULL, OPT_MODEL},
        {"gazetteer", required_argument, NULL, OPT_GAZ},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"dot-isolated", no_argument, NULL, OPT_DOT_ISOLATED},
        {"stage", required_argument, NULL, OPT_STAGE},
        {"pretty", no_argument, NULL, OPT_PRETTY},
        {"stats", no_argument, NULL, OPT_STATS},
        {"jsonl", no_argument, NULL, OPT_JSONL},
        {"first-line", required_argument, NULL, OPT_FIRST_LINE},
        {"errors", required_argument, NULL, OPT_ERRORS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    size_t gcap = 0;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATE:
            if (!np_date_day(optarg, strlen(optarg), o->date_buf)) {
                usage_error("--date wants a real date as YYYY-MM-DD (years 1 to 9999), not '%s'", optarg);
                return -1;
            }
            o->date = o->date_buf;
            break;
        case OPT_DATA:
            o->datadir = optarg;
            break;
        case OPT_MODEL:
            o->model = optarg;
            break;
        case OPT_GAZ:
            NP_GROW(o->gazetteers, gcap, o->ngazetteers + 1);
            o->gazetteers[o->ngazetteers++] = optarg;
            break;
        case OPT_FORMAT:
            o->format = np_graph_format_parse(optarg);
            if (o->format < 0) {
                usage_error("unknown --format '%s' (expected %s)", optarg, np_graph_format_names());
                return -1;
            }
            break;
        case OPT_DOT_ISOLATED:
            o->dot_isolated = 1;
            break;
        case OPT_STAGE:
            o->stage = np_stage_parse(optarg);
            if (o->stage < 0) {
                usage_error("unknown --stage '%s' (expected tokens, sentences, entities or relations)", optarg);
                return -1;
            }
            break;
        case OPT_PRETTY:
            o->pretty = 1;
            break;
        case OPT_STATS:
            o->stats = 1;
            break;
        case OPT_JSONL:
            o->jsonl = 1;
            break;
        case OPT_ERRORS:
            if (!strcmp(optarg, "lines"))
                o->errors_as_lines = 1;
            else if (!strcmp(optarg, "status"))
                o->errors_as_lines = 0;
            else {
                usage_error("unknown --errors '%s' (expected status or lines)", optarg);
                return -1;
            }
            o->errors_given = 1;
            break;
        case OPT_FIRST_LINE: {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || !*optarg || v < 1) {
                usage_error("--first-line wants a line number (1 or more), not '%s'", optarg);
                return -1;
            }
            o->first_line = (size_t)v;
            break;
        }
        case 'h':
            fputs(usage_text, stdout);
            return 1;
        case 'V':
            printf("nerpipe %s\n%s", PACKAGE_VERSION, version_licences);
            return 1;
        case ':':
            usage_error("option '%s' needs an argument", argv[optind - 1]);
            return -1;
        default:
            usage_error("unknown option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    o->inputs = argv + optind;
    o->ninputs = argc - optind;
    return check_args(o);
}

static const char *current_input;

static void warn_with_name(const char *msg, void *ctx)
{
    (void)ctx;
    if (current_input)
        fprintf(stderr, "nerpipe: warning: %s: %s\n", current_input, msg);
    else
        fprintf(stderr, "nerpipe: warning: %s\n", msg);
}

/* The largest input, and --jsonl line, nerpipe reads: NP_MAX_INPUT. For the
 * tests only, NP_TEST_MAX_INPUT=BYTES lowers it (never raises it), so that
 * the limit of a pipe or of a JSON line can be checked without feeding
 * 4 GiB; it is not a documented interface. */
static size_t input_limit(void)
{
    const char *s = getenv("NP_TEST_MAX_INPUT");
    char *end;
    unsigned long long v = s && *s ? strtoull(s, &end, 10) : 0;
    return v && !*end && v < NP_MAX_INPUT ? (size_t)v : NP_MAX_INPUT;
}

/* Reads one input into *data, *len (caller frees); -1 (reported) when it
 * cannot be read. The library repairs it (np_graph_add_owned). */
static int read_input(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    const char *name = f == stdin ? "-" : path;
    if (!f) {
        fprintf(stderr, "nerpipe: %s: %s\n", path, strerror(errno));
        return -1;
    }
    np_error err;
    int rc = np_read_all(f, name, input_limit(), data, len, &err);
    if (f != stdin)
        fclose(f);
    if (rc < 0) {
        fprintf(stderr, "nerpipe: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* The data directory for --data=DIR (opt, or NULL): opt; else, when
 * NERPIPE_DATA is unset and nerpipe runs from its build tree, the source
 * tree; else NULL, which leaves it to the library ($NERPIPE_DATA, else the
 * installed data). The library never knows the build tree. */
static const char *data_dir(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("NERPIPE_DATA");
    if (env && *env)
        return NULL;
#if defined NP_BUILDDIR && defined NP_SRCDIR
    char self[PATH_MAX], build[PATH_MAX], probe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0 && realpath(NP_BUILDDIR, build)) {
        self[n] = '\0';
        size_t bl = strlen(build);
        snprintf(probe, sizeof probe, "%s/rules/sentences.yaml", NP_SRCDIR);
        if (strncmp(self, build, bl) == 0 && self[bl] == '/' && access(probe, R_OK) == 0)
            return NP_SRCDIR;
    }
#endif
    return NULL;
}

/* Memory figures from /proc/self/status, in kB, or -1 where it does not
 * tell: the peak resident set (VmHWM: unlike getrusage's, it starts afresh
 * at exec and so leaves out the parent that started nerpipe), and the
 * private (anonymous) resident memory now, which leaves out a mapped
 * model's pages: those belong to the page cache, shared by every process
 * that maps the file. */
static void memory_kb(long *peak, long *private)
{
    *peak = *private = -1;
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        sscanf(line, "VmHWM: %ld", peak);
        sscanf(line, "RssAnon: %ld", private);
    }
    if (f)
        fclose(f);
    if (*peak < 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        *peak = ru.ru_maxrss;
    }
}

/* --stats: one JSON line on stderr, for scripts/bench. */
static void print_stats(const char *origin, double load, double read, const double *stage, double graph, double out,
                        double total, size_t bytes)
{
    long peak, private;
    memory_kb(&peak, &private);
    double work = total - read;
    fprintf(stderr,
            "{\"stats\":{\"model\":\"%s\",\"load_s\":%.6f,\"read_s\":%.6f,\"tokens_s\":%.6f,\"sentences_s\":%.6f,"
            "\"entities_s\":%.6f,\"relations_s\":%.6f,\"graph_s\":%.6f,\"output_s\":%.6f,\"run_s\":%.6f,"
            "\"bytes\":%zu,\"mb_per_s\":%.3f,\"peak_rss_kb\":%ld,\"private_kb\":%ld}}\n",
            origin, load, read, stage[0], stage[1], stage[2], stage[3], graph, out, total, bytes,
            work > 0 ? (double)bytes / 1e6 / work : 0.0, peak, private);
}

/* --jsonl: one result line per input line. Exit status 1 when a line
 * failed (unless --errors=lines) or an input could not be read. */
static int run_jsonl(const np_model *m, const np_cli *o)
{
    static char *stdin_only[] = {"-"};
    char **inputs = o->ninputs ? o->inputs : stdin_only;
    int ninputs = o->ninputs ? o->ninputs : 1, failed = 0, unreadable = 0;
    for (int i = 0; i < ninputs; i++) {
        FILE *f = strcmp(inputs[i], "-") ? fopen(inputs[i], "rb") : stdin;
        if (!f) {
            fprintf(stderr, "nerpipe: %s: %s\n", inputs[i], strerror(errno));
            unreadable = 1;
            continue;
        }
        np_jsonl_opts jo = {f == stdin ? "-" : inputs[i], o->date, i == 0 ? o->first_line : 0, input_limit()};
        np_error err;
        int rc = np_run_jsonl(m, f, &jo, stdout, &failed, &err);
        if (f != stdin)
            fclose(f);
        if (rc == -2) {
            fprintf(stderr, "nerpipe: %s\n", err.msg);
            unreadable = 1;
        } else if (rc < 0)
            break;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "nerpipe: cannot write the output: %s\n", strerror(errno));
        return NP_EXIT_OUTPUT;
    }
    return unreadable || (failed && !o->errors_as_lines) ? NP_EXIT_DATA : NP_EXIT_OK;
}

/* nerpipe compile: builds the compiled model from the YAML sources. */
static int compile_main(int argc, char **argv)
{
    enum { OPT_DATA = 256, OPT_GAZ };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},
        {"gazetteer", required_argument, NULL, OPT_GAZ},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *out = "nerpipe.model", **gaz = NULL;
    size_t ngaz = 0, gcap = 0;
    np_model_opts mo = {0};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA:
            mo.datadir = optarg;
            break;
        case OPT_GAZ:
            NP_GROW(gaz, gcap, ngaz + 1);
            gaz[ngaz++] = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            free(gaz);
            return NP_EXIT_OK;
        case ':':
            usage_error("option '%s' needs an argument", argv[optind - 1]);
            free(gaz);
            return NP_EXIT_USAGE;
        default:
            usage_error("unknown option '%s'", argv[optind - 1]);
            free(gaz);
            return NP_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        usage_error("compile takes no FILE ('%s'); use --output=FILE", argv[optind]);
        free(gaz);
        return NP_EXIT_USAGE;
    }
    mo.datadir = data_dir(mo.datadir);
    mo.extra_gazetteers = gaz;
    mo.nextra_gazetteers = ngaz;
    np_set_warn_handler(warn_with_name, NULL);
    np_error err;
    np_model_info info;
    int rc = np_model_compile(&mo, out, &info, &err);
    if (rc < 0) {
        fprintf(stderr, "nerpipe: %s\n", err.msg);
    } else {
        struct stat sb;
        fprintf(stderr, "nerpipe: compiled %zu gazetteer entries and %zu rules into %s (%.1f MB)\n", info.entries,
                info.rules, out, stat(out, &sb) == 0 ? (double)sb.st_size / 1e6 : 0.0);
    }
    free(gaz);
    return rc == NP_COMPILE_DATA ? NP_EXIT_DATA : rc == NP_COMPILE_OUTPUT ? NP_EXIT_OUTPUT : NP_EXIT_OK;
}

int np_cli_main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "merge"))
        return np_merge_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "compile"))
        return compile_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "check"))
        return np_check_main(argc - 1, argv + 1, data_dir(NULL));
    np_cli o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc != 0) {
        free(o.gazetteers);
        return rc > 0 ? NP_EXIT_OK : NP_EXIT_USAGE;
    }
    np_set_warn_handler(warn_with_name, NULL);

    np_error err;
    const char *model = o.model ? o.model : getenv("NERPIPE_MODEL");
    np_model_opts mo = {data_dir(o.datadir), o.gazetteers, o.ngazetteers, model && *model ? model : NULL};
    np_model *m = np_model_open(&mo, &err);
    free(o.gazetteers);
    if (!m) {
        fprintf(stderr, "nerpipe: %s\n", err.msg);
        return NP_EXIT_DATA;
    }

    if (o.jsonl) {
        rc = run_jsonl(m, &o);
        np_model_free(m);
        return rc;
    }
    static char *stdin_only[] = {"-"};
    char **inputs = o.ninputs ? o.inputs : stdin_only;
    int ninputs = o.ninputs ? o.ninputs : 1;
    int failed = 0;
    np_jw w;
    np_jw_init(&w, stdout, o.pretty);
    np_graph *g = np_graph_new();
    double t_read = 0, t_stage[4] = {0, 0, 0, 0}, t_graph = 0, t_start = np_now();
    size_t bytes = 0;
    for (int i = 0; i < ninputs; i++) {
        current_input = strcmp(inputs[i], "-") == 0 ? "-" : inputs[i];
        double t0 = np_now();
        char *data;
        size_t len;
        int rd = read_input(inputs[i], &data, &len);
        t_read += np_now() - t0;
        if (rd < 0) {
            failed = 1;
            continue;
        }
        /* --stage and --stats need more than nerpipe.h gives: api.h */
        np_text_opts to = {current_input, NULL, o.date, 0};
        np_text_stats st;
        if (np_graph_add_owned(g, m, data, len, &to, o.stage, &w, &st, &err) < 0) {
            fprintf(stderr, "nerpipe: %s\n", err.msg);
            failed = 1;
            continue;
        }
        t_graph += st.graph_seconds;
        for (int k = 0; k < 4; k++)
            t_stage[k] += st.stage_seconds[k];
        bytes += st.bytes;
        if (np_jw_flush(&w) < 0)
            break;
    }
    current_input = NULL;
    double t0 = np_now();
    if (o.stage == NP_STAGE_GRAPH && !w.failed && np_graph_ndocs(g) > 0) {
        np_jw_flush(&w);
        int flags = (o.pretty ? NP_WRITE_PRETTY : 0) | (o.dot_isolated ? NP_WRITE_DOT_ISOLATED : 0);
        int wrc = np_graph_write(g, o.format, flags, stdout, &err);
        if (wrc == -2) {
            /* the graph's own JSON did not parse: never an empty output and success */
            fprintf(stderr, "nerpipe: %s\n", err.msg);
            failed = 1;
        } else if (wrc < 0) {
            w.failed = 1, w.err = errno;
        }
    }
    np_jw_flush(&w);
    double t_out = np_now() - t0;
    np_model_info info;
    np_model_get_info(m, &info);
    if (o.stats)
        print_stats(info.origin, info.load_seconds, t_read, t_stage, t_graph, t_out, np_now() - t_start, bytes);
    np_graph_free(g);
    np_model_free(m);
    if (np_jw_finish(&w) < 0 || fclose(stdout) != 0) {
        fprintf(stderr, "nerpipe: cannot write the output: %s\n", strerror(w.err ? w.err : errno));
        return NP_EXIT_OUTPUT;
    }
    return failed ? NP_EXIT_DATA : NP_EXIT_OK;
}
