/*
 * main.c: the nerpipe command. cli.c parses the command line and drives the
 * library (nerpipe.h).
 */
#include "cli.h"

int main(int argc, char **argv)
{
    return np_cli_main(argc, argv);
}
