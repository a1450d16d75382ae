/** Consumes {@code documents.v1}, idempotent on {@code ce_id}. */
@NullMarked
package com.cloudstorage.files.metadata.document.messaging;

import org.jspecify.annotations.NullMarked;
