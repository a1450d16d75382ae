/**
 * The public API's document (written by hand: the gateway mostly relays, so nothing could
 * be generated) and its browsable UI (springdoc's swagger-ui, pointed at the document).
 */
@NullMarked
package com.cloudstorage.files.gateway.apidoc;

import org.jspecify.annotations.NullMarked;
