/**
 * The web UI's entry points; the pages themselves are static resources under
 * {@code static/}.
 */
@NullMarked
package com.cloudstorage.files.gateway.ui;

import org.jspecify.annotations.NullMarked;
