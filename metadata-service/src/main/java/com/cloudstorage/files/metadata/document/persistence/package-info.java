/** R2DBC access to the documents and processed_event tables. */
@NullMarked
package com.cloudstorage.files.metadata.document.persistence;

import org.jspecify.annotations.NullMarked;
