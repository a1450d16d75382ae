package com.cloudstorage.files.localinfra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In the {@code containers} profile every test needs a Docker engine; without one each is
 * skipped with this reason instead of failing. Registered through the
 * {@code ServiceLoader} file beside it, which JUnit reads only when the profile enables
 * extension auto-detection.
 */
public final class DockerRequirement implements ExecutionCondition {

	static final String NO_DOCKER = "The containers profile (-Pcontainers) runs the tests against Testcontainers "
			+ "(PostgreSQL, Kafka, MinIO) and needs a Docker engine; none was found, so this test is skipped. "
			+ "Without -Pcontainers the tests run against embedded real servers and need no Docker.";

	private static Boolean dockerAvailable;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (!TestInfrastructure.CONTAINERS) {
			return ConditionEvaluationResult.enabled("embedded servers");
		}
		return dockerAvailable() ? ConditionEvaluationResult.enabled("Docker found")
				: ConditionEvaluationResult.disabled(NO_DOCKER);
	}

	private static synchronized boolean dockerAvailable() {
		if (dockerAvailable == null) {
			dockerAvailable = ContainerInfrastructure.dockerAvailable();
		}
		return dockerAvailable;
	}

}
