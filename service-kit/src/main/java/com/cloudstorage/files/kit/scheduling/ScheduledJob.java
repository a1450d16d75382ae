package com.cloudstorage.files.kit.scheduling;

import java.time.Duration;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;

/**
 * A job the kit runs on a fixed delay: the first run {@code initialDelay} after start-up,
 * every next one {@code interval} after the previous ended; each run is cut off after
 * {@code files.scheduling.timeout} (see {@link BoundedJobs}). Declare one as a bean built
 * from the service's validated properties record, so that the record is the only place
 * its interval and the interval's default are written. The application needs
 * {@code @EnableScheduling}.
 *
 * @param name what the job does, for the log
 * @param initialDelay time from start-up to the first run
 * @param interval time from the end of one run to the start of the next
 * @param run the work of one run, called anew for every run
 */
public record ScheduledJob(String name, Duration initialDelay, Duration interval,
		Supplier<? extends Publisher<?>> run) {

	public ScheduledJob {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException(
					"The interval of scheduled job '" + name + "' must be positive, not " + interval);
		}
		if (initialDelay.isNegative()) {
			throw new IllegalArgumentException(
					"The initial delay of scheduled job '" + name + "' must not be negative, not " + initialDelay);
		}
	}

	/** A job whose first run comes one {@code interval} after start-up. */
	public static ScheduledJob every(Duration interval, String name, Supplier<? extends Publisher<?>> run) {
		return new ScheduledJob(name, interval, interval, run);
	}

	/** This job with its first run {@code initialDelay} after start-up. */
	public ScheduledJob startingAfter(Duration initialDelay) {
		return new ScheduledJob(this.name, initialDelay, this.interval, this.run);
	}

}
