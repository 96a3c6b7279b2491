/*
 * nerpipe.c: the nerpipe command. Everything it does is in the library;
 * cli.c parses the command line and drives the stages.
 */
#include "cli.h"

int main(int argc, char **argv)
{
    return np_cli_main(argc, argv);
}
