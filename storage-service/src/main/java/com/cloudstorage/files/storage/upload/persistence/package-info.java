@NullMarked
package com.cloudstorage.files.storage.upload.persistence;

import org.jspecify.annotations.NullMarked;
