/** The path-to-scope table and the caller derived from the token. */
@NullMarked
package com.cloudstorage.files.metadata.security;

import org.jspecify.annotations.NullMarked;
