/**
 * Source of truth for files, attachments and documents' status; emits file events through
 * an outbox.
 */
@NullMarked
package com.cloudstorage.files.metadata;

import org.jspecify.annotations.NullMarked;
