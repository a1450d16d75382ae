/**
 * Trace ids in log lines of reactive code: {@link Traced}.
 */
@NullMarked
package com.cloudstorage.files.kit.tracing;

import org.jspecify.annotations.NullMarked;
