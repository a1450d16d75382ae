/** Resource-server configuration: scopes per route, problem+json for 401 and 403. */
@NullMarked
package com.cloudstorage.files.metadata.security;

import org.jspecify.annotations.NullMarked;
