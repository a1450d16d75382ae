@NullMarked
package com.cloudstorage.files.storage.provider;

import org.jspecify.annotations.NullMarked;
