/*
 * dot_check.c - see dot_check.h. Statements are one per line, as metabol
 * writes them: "nK [attributes];", "nA -> nB [attributes];" or a graph
 * attribute "name=value;" / "node [...];" / "edge [...];".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot_check.h"

#define MAX_NODES 100000

/* Skip a quoted string starting at s (on the quote): past its end, or NULL. */
static const char *skip_quoted(const char *s)
{
    for (s++; *s && *s != '"'; s++)
        if (*s == '\\' && s[1])
            s++;
    return *s == '"' ? s + 1 : NULL;
}

/* Attributes "[...]" balanced, strings closed; past them, or NULL. */
static const char *skip_attributes(const char *s)
{
    if (*s != '[')
        return s;
    for (s++; *s && *s != ']';) {
        if (*s == '"') {
            if (!(s = skip_quoted(s)))
                return NULL;
        } else if (*s == '\n' || *s == '[') {
            return NULL;
        } else {
            s++;
        }
    }
    return *s == ']' ? s + 1 : NULL;
}

/* "nK" at s: K, and s moved past it; -1 when not a node name. */
static long node_id(const char **s)
{
    char *end;
    long k;

    if (**s != 'n' || !isdigit((unsigned char)(*s)[1]))
        return -1;
    k = strtol(*s + 1, &end, 10);
    *s = end;
    return k >= 0 && k < MAX_NODES ? k : -1;
}

int dot_check(const char *text, int *nodes, int *edges, char *why,
              size_t size)
{
    static unsigned char declared[MAX_NODES];
    const char *s = text, *line;
    int nn = 0, ne = 0, lineno = 1, closed = 0;

    memset(declared, 0, sizeof declared);
    if (strncmp(s, "digraph ", 8) != 0 || !(s = strchr(s, '{')) ||
        s[1] != '\n') {
        snprintf(why, size, "does not open with 'digraph NAME {'");
        return -1;
    }
    for (s += 2, lineno = 2; *s; lineno++) {
        long a, b;

        line = s;
        while (*s == ' ')
            s++;
        if (*s == '}') {
            closed = s[1] == '\n' && s[2] == '\0';
            break;
        }
        if ((a = node_id(&s)) >= 0) {
            if (strncmp(s, " -> ", 4) == 0) {
                s += 4;
                if ((b = node_id(&s)) < 0 || a >= MAX_NODES ||
                    !declared[a] || !declared[b]) {
                    snprintf(why, size, "line %d: an edge between nodes "
                             "not declared before", lineno);
                    return -1;
                }
                ne++;
            } else {
                if (declared[a]) {
                    snprintf(why, size, "line %d: node n%ld declared twice",
                             lineno, a);
                    return -1;
                }
                declared[a] = 1;
                nn++;
            }
            if (*s == ' ')
                s++;
            s = skip_attributes(s);
        } else if (!strncmp(s, "node ", 5) || !strncmp(s, "edge ", 5)) {
            s = skip_attributes(s + 5);
        } else {
            while (isalpha((unsigned char)*s))
                s++;
            if (*s != '=')
                s = NULL;
            else if (*++s == '"')
                s = skip_quoted(s);
            else
                while (isalnum((unsigned char)*s))
                    s++;
        }
        if (!s || s[0] != ';' || s[1] != '\n') {
            snprintf(why, size, "line %d: not a statement: %.60s", lineno,
                     line);
            return -1;
        }
        s += 2;
    }
    if (!closed) {
        snprintf(why, size, "the graph is not closed by '}' at the end");
        return -1;
    }
    if (nodes)
        *nodes = nn;
    if (edges)
        *edges = ne;
    return 0;
}
