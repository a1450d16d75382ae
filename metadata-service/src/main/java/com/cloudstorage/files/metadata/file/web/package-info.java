/** HTTP adapters of the file feature and the service-wide problem+json mapping. */
@NullMarked
package com.cloudstorage.files.metadata.file.web;

import org.jspecify.annotations.NullMarked;
