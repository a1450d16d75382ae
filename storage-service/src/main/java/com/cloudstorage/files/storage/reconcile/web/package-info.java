/**
 * Admin endpoints of the workers (reconcile, dead-letter replay), behind the
 * {@code files:admin} scope.
 */
@NullMarked
package com.cloudstorage.files.storage.reconcile.web;

import org.jspecify.annotations.NullMarked;
