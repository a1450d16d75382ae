/**
 * Benchmarks against the local stack, each with a baseline measured in the same run.
 */
@NullMarked
package com.cloudstorage.files.bench;

import org.jspecify.annotations.NullMarked;
