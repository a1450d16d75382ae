/**
 * Transactional outbox: rows written with each state change, published to Kafka by a
 * relay.
 */
@NullMarked
package com.cloudstorage.files.metadata.outbox;

import org.jspecify.annotations.NullMarked;
