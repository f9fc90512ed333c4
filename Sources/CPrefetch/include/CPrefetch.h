#ifndef FETCHFLOW_CPREFETCH_H
#define FETCHFLOW_CPREFETCH_H

/// Asks the CPU to start loading the cache line at `address` for reading,
/// without waiting for it (a hint: never faults, may be dropped). Swift has
/// no prefetch of its own; the snapshot writer uses this to overlap the
/// cache misses of the heap records it will read next.
static inline void fetchflow_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
