#ifndef VILLAGE_CGLPK_SHIM_H
#define VILLAGE_CGLPK_SHIM_H

/* GNU GLPK (Debian libglpk-dev, no pkg-config file). */
#include <glpk.h>

/* GLPK's constants are plain macros Swift imports; these are re-exported as typed values so the
   Swift side does not depend on how the macros are spelt. */
static const int cglpk_min = GLP_MIN;
static const int cglpk_fr = GLP_FR;
static const int cglpk_lo = GLP_LO;
static const int cglpk_up = GLP_UP;
static const int cglpk_db = GLP_DB;
static const int cglpk_fx = GLP_FX;
static const int cglpk_on = GLP_ON;
static const int cglpk_off = GLP_OFF;
static const int cglpk_msg_off = GLP_MSG_OFF;
static const int cglpk_opt = GLP_OPT;
static const int cglpk_nofeas = GLP_NOFEAS;
static const int cglpk_unbnd = GLP_UNBND;
static const int cglpk_infeas = GLP_INFEAS;
static const int cglpk_dualp = GLP_DUALP;
static const int cglpk_primal = GLP_PRIMAL;

#endif
