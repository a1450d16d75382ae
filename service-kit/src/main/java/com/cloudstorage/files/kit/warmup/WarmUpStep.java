package com.cloudstorage.files.kit.warmup;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * One piece of lazy one-time work a service does before it reports ready: opening a
 * pool's connections, fetching signing keys, a first call to a storage provider. A
 * service contributes it as a bean; the kit runs every step before readiness turns UP.
 */
public interface WarmUpStep {

	/** A short name for the log and the health details, e.g. {@code database}. */
	String name();

	/**
	 * The work, done per subscription. Completing (with or without a value) means done;
	 * an error is reported and never stops the service from starting. Must not block.
	 */
	Mono<?> run();

	/**
	 * A step from a name and its work.
	 * @param name the step's name, must not be {@literal null}
	 * @param work called once per run, must not be {@literal null}
	 */
	static WarmUpStep of(String name, Supplier<? extends Mono<?>> work) {
		return new WarmUpStep() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public Mono<?> run() {
				return work.get();
			}

		};
	}

}
