@NullMarked
package com.cloudstorage.files.gateway.route;

import org.jspecify.annotations.NullMarked;
