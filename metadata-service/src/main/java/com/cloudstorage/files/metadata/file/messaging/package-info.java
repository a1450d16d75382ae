/**
 * Consumes {@code storage.v1}: the SHA-256 storage-service computed after the fact for a
 * file completed without one.
 */
@NullMarked
package com.cloudstorage.files.metadata.file.messaging;

import org.jspecify.annotations.NullMarked;
