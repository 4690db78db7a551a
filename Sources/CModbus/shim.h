#ifndef VILLAGE_CMODBUS_SHIM_H
#define VILLAGE_CMODBUS_SHIM_H

#include <modbus/modbus.h>
#include <errno.h>

/* libmodbus defines its error codes as macros built from MODBUS_ENOBASE arithmetic, which Swift
   does not import. Re-export them as constants so Swift can match errno values. */
static const int cmodbus_enobase = MODBUS_ENOBASE;
static const int cmodbus_embxilfun = EMBXILFUN;
static const int cmodbus_embxiladd = EMBXILADD;
static const int cmodbus_embxilval = EMBXILVAL;
static const int cmodbus_embxsfail = EMBXSFAIL;
static const int cmodbus_embxack = EMBXACK;
static const int cmodbus_embxsbusy = EMBXSBUSY;
static const int cmodbus_embxnack = EMBXNACK;
static const int cmodbus_embxmemppar = EMBXMEMPAR;
static const int cmodbus_embxgpath = EMBXGPATH;
static const int cmodbus_embxgtar = EMBXGTAR;
static const int cmodbus_embbadcrc = EMBBADCRC;
static const int cmodbus_embbaddata = EMBBADDATA;
static const int cmodbus_embbadexc = EMBBADEXC;
static const int cmodbus_embunkexc = EMBUNKEXC;
static const int cmodbus_embmdata = EMBMDATA;
static const int cmodbus_embbadslave = EMBBADSLAVE;

/* errno is a macro on glibc; read it through a function. */
static inline int cmodbus_errno(void) { return errno; }

#endif
