/*
 * metabol.h - the whole public API of libmetabol.
 */
#ifndef METABOL_H
#define METABOL_H

#include "common.h"
#include "sparse.h"
#include "dense.h"
#include "npy.h"
#include "lu.h"
#include "datapackage.h"
#include "lci.h"
#include "jsonld.h"
#include "ecospold1.h"
#include "ecospold2.h"
#include "ilcd.h"
#include "random.h"
#include "olca_csv.h"
#include "simapro_csv.h"
#include "formula.h"
#include "model.h"
#include "inventory.h"
#include "param_model.h"
#include "lca.h"
#include "mc.h"
#include "sensitivity.h"
#include "gsa.h"
#include "mrio.h"
#include "paths.h"
#include "report.h"
#include "store.h"
#include "mrio_io.h"

#endif
