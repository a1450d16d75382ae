@NullMarked
package com.cloudstorage.files.metadata.session.persistence;

import org.jspecify.annotations.NullMarked;
