package com.cloudstorage.files.localstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceJvmFlagsTests {

	@Test
	void nettyInAServiceJvmUsesUnsafeWithoutAWarningOnThisRuntime() throws Exception {
		List<String> command = new ArrayList<>();
		command.add(ServiceProcess.java().toString());
		command.addAll(ServiceJvmFlags.common());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyUnsafeProbe.class.getName()));
		Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(probe.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(probe.exitValue()).as(output).isZero();
		assertThat(output).contains("hasUnsafe=true").doesNotContain("WARNING");
	}

}
