@NullMarked
package com.cloudstorage.files.kit.problem;

import org.jspecify.annotations.NullMarked;
