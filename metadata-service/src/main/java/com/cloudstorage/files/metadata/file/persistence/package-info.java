/** R2DBC access to the files and file_attachments tables. */
@NullMarked
package com.cloudstorage.files.metadata.file.persistence;

import org.jspecify.annotations.NullMarked;
