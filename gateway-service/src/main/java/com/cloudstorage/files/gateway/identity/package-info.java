/**
 * The gateway's own identity towards the services behind it: a client-credentials token
 * from the issuer, for their internal routes.
 */
@NullMarked
package com.cloudstorage.files.gateway.identity;

import org.jspecify.annotations.NullMarked;
