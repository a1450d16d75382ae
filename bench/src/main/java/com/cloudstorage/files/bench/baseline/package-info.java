/**
 * The bare WebFlux app the benchmark compares the services with, started as its own JVM.
 */
@NullMarked
package com.cloudstorage.files.bench.baseline;

import org.jspecify.annotations.NullMarked;
