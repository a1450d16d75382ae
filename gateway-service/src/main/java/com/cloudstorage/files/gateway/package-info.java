@NullMarked
package com.cloudstorage.files.gateway;

import org.jspecify.annotations.NullMarked;
