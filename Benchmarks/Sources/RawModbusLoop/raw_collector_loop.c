#include "raw_collector_loop.h"

#include <modbus/modbus.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    const raw_connection *connection;
    int cycles;
    double timeout;
    pthread_barrier_t *barrier;
    long ok;
    long failed;
} worker_state;

static int read_device(modbus_t *ctx, const raw_device *device, uint16_t *registers) {
    if (modbus_set_slave(ctx, device->unit) == -1) return 0;
    for (int b = 0; b < device->block_count; b++) {
        const raw_block *block = &device->blocks[b];
        int n = block->table == 0 ? modbus_read_registers(ctx, block->start, block->count, registers)
                                  : modbus_read_input_registers(ctx, block->start, block->count, registers);
        if (n != block->count) return 0;
    }
    return 1;
}

static void *worker(void *argument) {
    worker_state *state = argument;
    const raw_connection *connection = state->connection;
    modbus_t *ctx = modbus_new_tcp(connection->host, connection->port);
    int connected = 0;
    if (ctx != NULL) {
        uint32_t seconds = (uint32_t)state->timeout;
        modbus_set_response_timeout(ctx, seconds, (uint32_t)((state->timeout - seconds) * 1e6));
        connected = modbus_connect(ctx) == 0;
    }
    uint16_t registers[MODBUS_MAX_READ_REGISTERS];
    pthread_barrier_wait(state->barrier); /* everyone connected: the clock starts */
    for (int cycle = 0; cycle < state->cycles; cycle++) {
        for (int d = 0; d < connection->device_count; d++) {
            if (connected && read_device(ctx, &connection->devices[d], registers)) {
                state->ok++;
            } else {
                state->failed++;
            }
        }
        pthread_barrier_wait(state->barrier); /* end of the cycle */
    }
    if (ctx != NULL) {
        if (connected) modbus_close(ctx);
        modbus_free(ctx);
    }
    return NULL;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int raw_collector_loop(const raw_connection *connections, int connection_count, int cycles,
                       double response_timeout_seconds, raw_collector_result *result) {
    pthread_barrier_t barrier;
    if (pthread_barrier_init(&barrier, NULL, (unsigned)connection_count + 1) != 0) return -1;
    worker_state *states = calloc((size_t)connection_count, sizeof(worker_state));
    pthread_t *threads = calloc((size_t)connection_count, sizeof(pthread_t));
    if (states == NULL || threads == NULL) {
        free(states);
        free(threads);
        pthread_barrier_destroy(&barrier);
        return -1;
    }
    for (int i = 0; i < connection_count; i++) {
        states[i] = (worker_state){&connections[i], cycles, response_timeout_seconds, &barrier, 0, 0};
        if (pthread_create(&threads[i], NULL, worker, &states[i]) != 0) {
            /* The barrier cannot be released without every thread: give up loudly. */
            abort();
        }
    }
    pthread_barrier_wait(&barrier);
    double start = now_seconds();
    for (int cycle = 0; cycle < cycles; cycle++) pthread_barrier_wait(&barrier);
    double end = now_seconds();
    result->device_reads_ok = 0;
    result->device_reads_failed = 0;
    for (int i = 0; i < connection_count; i++) {
        pthread_join(threads[i], NULL);
        result->device_reads_ok += states[i].ok;
        result->device_reads_failed += states[i].failed;
    }
    result->seconds = end - start;
    free(states);
    free(threads);
    pthread_barrier_destroy(&barrier);
    return 0;
}
