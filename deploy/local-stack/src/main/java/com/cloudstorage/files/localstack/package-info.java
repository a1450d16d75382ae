/**
 * Starts the whole system on loopback and tells the truth about when it is usable.
 */
@NullMarked
package com.cloudstorage.files.localstack;

import org.jspecify.annotations.NullMarked;
