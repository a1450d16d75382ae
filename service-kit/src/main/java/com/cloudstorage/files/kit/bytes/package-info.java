/**
 * Moving request and response bodies through a service without paying per-buffer costs
 * meant for whole requests.
 */
@NullMarked
package com.cloudstorage.files.kit.bytes;

import org.jspecify.annotations.NullMarked;
