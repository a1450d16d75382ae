@NullMarked
package com.cloudstorage.files.storage;

import org.jspecify.annotations.NullMarked;
