#ifndef RAW_MODBUS_LOOP_H
#define RAW_MODBUS_LOOP_H

/* Reads `count` input registers at address 0 of unit 1, `iterations` times, over one TCP
   connection. Returns the number of successful reads, or -1 if the connection failed. */
long raw_modbus_read_loop(const char *host, int port, int count, long iterations);

#endif
