#ifndef RAW_COLLECTOR_LOOP_H
#define RAW_COLLECTOR_LOOP_H

/* The baseline for the collector benchmark: the same register blocks of the same devices, read with
   plain libmodbus, one thread per connection as the collector does, devices on a connection in turn. */

/* One read request: `table` 0 = holding registers (function 3), 1 = input registers (function 4). */
typedef struct {
    int table;
    int start;
    int count;
} raw_block;

/* A device behind a connection: its unit id and the requests that read it. */
typedef struct {
    int unit;
    int block_count;
    const raw_block *blocks;
} raw_device;

/* One TCP connection and its devices, read in this order. */
typedef struct {
    const char *host;
    int port;
    int device_count;
    const raw_device *devices;
} raw_connection;

/* What a run did. */
typedef struct {
    long device_reads_ok;
    long device_reads_failed;
    double seconds;
} raw_collector_result;

/* Connects every connection (untimed), then runs `cycles` poll cycles: in each, every connection's
   thread reads all blocks of all its devices in turn, and the cycle ends when every thread is done
   (as a collector poll ends when every device has answered). Returns 0, or -1 if a thread could not
   be started. A connection that fails to connect counts its devices as failed reads. */
int raw_collector_loop(const raw_connection *connections, int connection_count, int cycles,
                       double response_timeout_seconds, raw_collector_result *result);

#endif
