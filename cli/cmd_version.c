/*
 * cmd_version.c - `metabol version`.
 */
#include <stdio.h>

#include <metabol/metabol.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("metabol %s\n", mb_version());
    return EXIT_OK;
}
