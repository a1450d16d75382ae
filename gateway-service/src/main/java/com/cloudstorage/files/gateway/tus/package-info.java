/**
 * The TUS 1.0 resumable upload protocol ({@code /api/v1/tus/}) on top of the gateway's
 * proxied upload sessions: a TUS upload is an upload session, its bytes the session's
 * multipart parts.
 */
@NullMarked
package com.cloudstorage.files.gateway.tus;

import org.jspecify.annotations.NullMarked;
