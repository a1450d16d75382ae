@NullMarked
package com.cloudstorage.files.gateway.error;

import org.jspecify.annotations.NullMarked;
