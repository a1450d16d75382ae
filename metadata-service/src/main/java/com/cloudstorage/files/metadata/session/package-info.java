/**
 * Upload sessions: a file reserved before its bytes move, which then arrive part by part
 * (through the gateway, or straight to the provider with presigned part URLs) and are
 * completed, aborted or expired as a whole. Built on the file feature's reservation and
 * completion, so a session's file becomes available exactly as a plain upload does.
 */
@NullMarked
package com.cloudstorage.files.metadata.session;

import org.jspecify.annotations.NullMarked;
