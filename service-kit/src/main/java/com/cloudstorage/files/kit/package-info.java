/**
 * What every Cloud Storage service does the same way. Each sub-package is switched on by
 * auto-configuration when the service has the library it builds on.
 */
@NullMarked
package com.cloudstorage.files.kit;

import org.jspecify.annotations.NullMarked;
