package com.cloudstorage.files.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the local issuer gives up C2 for a cheaper start: the services' throughput depends
 * on it.
 */
class ServiceLaunchTests {

	private final Wiring wiring = new Wiring(55432, 9092, 9000, 9090, 8080, 8081, 8082, 8083, Duration.ofMinutes(1));

	@Test
	void theIssuerRunsC1OnlyAndEveryServiceKeepsTheJvmDefaults() {
		assertThat(ServiceLaunch.issuer(this.wiring).jvmFlags()).containsExactly("-XX:TieredStopAtLevel=1");
		for (ServiceLaunch service : List.of(ServiceLaunch.metadata(this.wiring), ServiceLaunch.storage(this.wiring),
				ServiceLaunch.shareLink(this.wiring), ServiceLaunch.gateway(this.wiring))) {
			assertThat(service.jvmFlags()).as(service.name()).isEmpty();
		}
	}

	@Test
	void replacingSettingsKeepsTheJvmFlags() {
		ServiceLaunch restarted = ServiceLaunch.issuer(this.wiring).with(Map.of("files.issuer.url", "http://other"));
		assertThat(restarted.jvmFlags()).isEqualTo(ServiceLaunch.C1_ONLY);
		assertThat(restarted.arguments()).contains("--files.issuer.url=http://other")
			.doesNotContain("--files.issuer.url=" + this.wiring.issuerUrl());
	}

}
