@NullMarked
package com.cloudstorage.files.storage.object.s3;

import org.jspecify.annotations.NullMarked;
