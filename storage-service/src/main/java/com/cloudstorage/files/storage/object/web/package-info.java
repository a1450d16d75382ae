@NullMarked
package com.cloudstorage.files.storage.object.web;

import org.jspecify.annotations.NullMarked;
