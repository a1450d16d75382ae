/** HTTP adapter for document status upserts. */
@NullMarked
package com.cloudstorage.files.metadata.document.web;

import org.jspecify.annotations.NullMarked;
