package com.cloudstorage.files.kit.problem;

import org.jspecify.annotations.Nullable;

/**
 * A failure that already knows its answer. Services may throw it directly or keep their
 * own exceptions and map them with a {@link ProblemMappings} bean.
 */
public class ProblemException extends RuntimeException {

	private final Problem problem;

	public ProblemException(Problem problem) {
		this(problem, null);
	}

	public ProblemException(Problem problem, @Nullable Throwable cause) {
		// No stack trace: these are expected answers, not bugs.
		super(problem.detail(), cause, false, false);
		this.problem = problem;
	}

	public ProblemException(ProblemCode code, String detail) {
		this(Problem.of(code, detail));
	}

	public Problem problem() {
		return this.problem;
	}

}
