@NullMarked
package com.cloudstorage.files.kit.events;

import org.jspecify.annotations.NullMarked;
