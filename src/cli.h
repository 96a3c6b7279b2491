/*
 * cli.h: the command line of nerpipe: options, --help text, and the
 * document loop that reads each input, runs the pipeline and writes the
 * result. main() in main.c only calls np_cli_main.
 */
#ifndef NP_CLI_H
#define NP_CLI_H

int np_cli_main(int argc, char **argv);

#endif
