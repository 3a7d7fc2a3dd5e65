/*
 * xml_laughs.h - the "billion laughs" document for the XML readers'
 * tests: nine levels of entities, each ten of the one below, so that &l9;
 * would expand to 10^9 "lol"s if a parser substituted entities.
 */
#ifndef METABOL_TEST_XML_LAUGHS_H
#define METABOL_TEST_XML_LAUGHS_H

#include <stddef.h>

/*
 * Write into buf (size bytes; 4 KiB is plenty) the DOCTYPE of root
 * declaring the entities l0 .. l9, then body, which names &l9; where the
 * expansion would go.
 */
void xml_laughs(char *buf, size_t size, const char *root, const char *body);

#endif
