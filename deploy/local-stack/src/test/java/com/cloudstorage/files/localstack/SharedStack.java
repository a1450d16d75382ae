package com.cloudstorage.files.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One running stack for every end-to-end test class in this JVM; stopped when the JVM
 * exits.
 */
final class SharedStack {

	private static LocalStack stack;

	private SharedStack() {
	}

	static synchronized LocalStack get() throws Exception {
		if (stack == null) {
			Path data = Files.createTempDirectory("local-stack-e2e");
			stack = LocalStack.start(StackSettings.forTests(data));
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
		}
		return stack;
	}

}
