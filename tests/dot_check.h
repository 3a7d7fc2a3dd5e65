/*
 * dot_check.h - a structural check of the Graphviz dot that metabol paths
 * writes (the DOT grammar, graphviz.org/doc/info/lang.html, as far as that
 * output uses it): one digraph, braces and brackets balanced, every quoted
 * string closed (backslash escapes), and every node of an edge declared.
 */
#ifndef METABOL_TEST_DOT_CHECK_H
#define METABOL_TEST_DOT_CHECK_H

/*
 * 0 when text is such a graph, else -1 with what is wrong in why. *nodes
 * and *edges (may be NULL) get the counts of node statements and edges.
 */
int dot_check(const char *text, int *nodes, int *edges, char *why,
              size_t size);

#endif
