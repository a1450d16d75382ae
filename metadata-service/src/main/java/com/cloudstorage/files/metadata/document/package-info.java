/**
 * Documents' status as told by the owning application; decides which deletions are
 * refused.
 */
@NullMarked
package com.cloudstorage.files.metadata.document;

import org.jspecify.annotations.NullMarked;
