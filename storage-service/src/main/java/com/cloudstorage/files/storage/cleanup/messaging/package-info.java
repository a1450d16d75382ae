@NullMarked
package com.cloudstorage.files.storage.cleanup.messaging;

import org.jspecify.annotations.NullMarked;
