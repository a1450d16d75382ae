package com.cloudstorage.files.kit.problem;

import java.util.function.Function;

/**
 * A service's own exceptions mapped to catalogue codes. Declare one bean per feature; the
 * kit's handler asks them all, the closest registered exception type wins.
 */
@FunctionalInterface
public interface ProblemMappings {

	void register(Registry registry);

	/** Where mappings are declared. */
	interface Registry {

		/** The exception's message becomes the problem's detail. */
		<E extends Throwable> Registry map(Class<E> type, ProblemCode code);

		<E extends Throwable> Registry map(Class<E> type, Function<? super E, Problem> mapping);

	}

}
