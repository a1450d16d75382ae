@NullMarked
package com.cloudstorage.files.kit.security;

import org.jspecify.annotations.NullMarked;
