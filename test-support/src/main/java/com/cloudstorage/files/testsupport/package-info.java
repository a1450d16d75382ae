@NullMarked
package com.cloudstorage.files.testsupport;

import org.jspecify.annotations.NullMarked;
