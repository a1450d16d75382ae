@NullMarked
package com.cloudstorage.files.kit.presign;

import org.jspecify.annotations.NullMarked;
