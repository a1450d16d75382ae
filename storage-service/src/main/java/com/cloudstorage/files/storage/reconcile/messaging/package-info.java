/**
 * The reconciler's events on Kafka ({@code storage.v1}), CloudEvents binary mode.
 */
@NullMarked
package com.cloudstorage.files.storage.reconcile.messaging;

import org.jspecify.annotations.NullMarked;
