/** The service's path-to-scope table; the resource server itself comes from the kit. */
@NullMarked
package com.cloudstorage.files.storage.security;

import org.jspecify.annotations.NullMarked;
