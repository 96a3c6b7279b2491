/*
 * datacheck.h: `nerpipe check`, the validator of nerpipe's data. It loads
 * the data through the loaders nerpipe uses (np_model_check), with a
 * report that wants every problem, so that it refuses exactly what nerpipe
 * refuses and says all of it at once.
 */
#ifndef NP_DATACHECK_H
#define NP_DATACHECK_H

/* `nerpipe check [--data=DIR] [PATH]...` (or `--model=FILE`, a compiled
 * model checked in full: a problem is "FILE: what"): prints each problem as
 * "FILE:LINE:COLUMN: what" on standard output, then the counts on
 * standard error; returns the exit status (np.h: 0 no problem, 1 a
 * problem, 2 a usage error, 3 the output could not be written).
 * default_datadir is the data directory when --data is not given (NULL:
 * $NERPIPE_DATA, else the installed one; the command line passes the
 * source tree when it runs from its build tree). */
int np_check_main(int argc, char **argv, const char *default_datadir);

#endif
