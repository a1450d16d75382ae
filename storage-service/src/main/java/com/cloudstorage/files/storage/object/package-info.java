@NullMarked
package com.cloudstorage.files.storage.object;

import org.jspecify.annotations.NullMarked;
