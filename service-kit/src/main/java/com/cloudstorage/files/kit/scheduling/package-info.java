/**
 * Scheduled reactive jobs, declared as {@link ScheduledJob} beans with their intervals
 * from the service's properties records, that always end: the scheduling thread waits for
 * a fixed-delay job until the job's publisher terminates, so a job that hangs would stop
 * every other job of the service.
 */
@NullMarked
package com.cloudstorage.files.kit.scheduling;

import org.jspecify.annotations.NullMarked;
