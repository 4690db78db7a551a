#include "raw_modbus_loop.h"

#include <modbus/modbus.h>
#include <stdint.h>

long raw_modbus_read_loop(const char *host, int port, int count, long iterations) {
    modbus_t *ctx = modbus_new_tcp(host, port);
    if (ctx == NULL) return -1;
    modbus_set_slave(ctx, 1);
    if (modbus_connect(ctx) == -1) {
        modbus_free(ctx);
        return -1;
    }
    uint16_t registers[125];
    long ok = 0;
    for (long i = 0; i < iterations; i++) {
        if (modbus_read_input_registers(ctx, 0, count, registers) == count) ok++;
    }
    modbus_close(ctx);
    modbus_free(ctx);
    return ok;
}
