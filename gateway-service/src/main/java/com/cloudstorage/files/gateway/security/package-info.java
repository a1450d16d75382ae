@NullMarked
package com.cloudstorage.files.gateway.security;

import org.jspecify.annotations.NullMarked;
