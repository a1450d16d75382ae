/**
 * Scheduled reactive jobs that always end: Spring blocks its scheduling thread on a
 * fixed-delay job until the job's publisher terminates, so a job that hangs would stop
 * every other job of the service.
 */
@NullMarked
package com.cloudstorage.files.kit.scheduling;

import org.jspecify.annotations.NullMarked;
