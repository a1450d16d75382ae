/**
 * One-time lazy work (signing keys, database connections, storage clients, connections to
 * other services, JIT) done before a service reports ready, so that the first requests
 * after "ready" are not the slow ones.
 */
@NullMarked
package com.cloudstorage.files.kit.warmup;

import org.jspecify.annotations.NullMarked;
