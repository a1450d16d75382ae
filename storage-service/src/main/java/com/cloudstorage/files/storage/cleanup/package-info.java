@NullMarked
package com.cloudstorage.files.storage.cleanup;

import org.jspecify.annotations.NullMarked;
