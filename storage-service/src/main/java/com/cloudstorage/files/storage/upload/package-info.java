@NullMarked
package com.cloudstorage.files.storage.upload;

import org.jspecify.annotations.NullMarked;
