/**
 * Reconciles each provider's bucket with storage's own event-built view of the catalogue:
 * removes bytes no file owns, reports files whose bytes are missing.
 */
@NullMarked
package com.cloudstorage.files.storage.reconcile;

import org.jspecify.annotations.NullMarked;
