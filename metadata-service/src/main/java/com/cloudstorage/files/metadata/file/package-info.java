/**
 * Files: the aggregate, its name rules and the {@code FileManagement} application
 * service.
 */
@NullMarked
package com.cloudstorage.files.metadata.file;

import org.jspecify.annotations.NullMarked;
