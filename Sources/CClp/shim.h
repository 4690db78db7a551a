#ifndef VILLAGE_CCLP_SHIM_H
#define VILLAGE_CCLP_SHIM_H

/* COIN-OR Clp through its C interface (Debian coinor-libclp-dev, pkg-config `clp`). */
#include <coin/Clp_C_Interface.h>

/* Clp treats bounds at or beyond this magnitude as infinite. */
static const double cclp_infinity = 1.0e300;

#endif
