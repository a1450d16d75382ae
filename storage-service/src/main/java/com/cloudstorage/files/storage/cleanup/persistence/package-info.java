@NullMarked
package com.cloudstorage.files.storage.cleanup.persistence;

import org.jspecify.annotations.NullMarked;
