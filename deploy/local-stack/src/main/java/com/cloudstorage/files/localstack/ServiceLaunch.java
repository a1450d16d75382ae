package com.cloudstorage.files.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one of our services is started: its name (also the name of its jar and its log),
 * its port, its settings as command-line arguments and JVM flags of its own (beyond
 * {@link ServiceJvmFlags#common()}). One small description per service;
 * {@link ServiceProcess} does the starting and watching.
 */
record ServiceLaunch(String name, int port, List<String> arguments, List<String> jvmFlags) {

	/** Every service reports readiness on its own probe, not just "the JVM is up". */
	static final String READINESS_PATH = "/actuator/health/readiness";

	private static final List<String> PROBES = List.of("--management.endpoint.health.probes.enabled=true");

	/**
	 * For the local issuer only: it signs a token now and then and serves no request path
	 * that is measured, while its start competes for the CPU with Kafka's, which the
	 * services wait for. C2 would pay off only under a steady load it never carries
	 * (about 1.5 CPU s less until ready, see the launcher's README).
	 */
	static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");

	ServiceLaunch(String name, int port, List<String> arguments) {
		this(name, port, arguments, List.of());
	}

	static ServiceLaunch issuer(Wiring wiring) {
		return new ServiceLaunch("local-issuer", wiring.issuerPort(),
				args(List.of("--files.issuer.url=" + wiring.issuerUrl(),
						"--files.issuer.web-ui-redirect-uri=" + wiring.gatewayUrl() + "/login/callback",
						"--files.issuer.allowed-origins=" + wiring.gatewayUrl())),
				C1_ONLY);
	}

	static ServiceLaunch metadata(Wiring wiring) {
		return new ServiceLaunch("metadata-service", wiring.metadataPort(),
				args(wiring.database("metadata"), wiring.common(),
						// The local profile brings the development link-token key; no
						// other profile has one.
						List.of("--files.metadata.links.public-base-url=" + wiring.gatewayUrl(),
								"--spring.profiles.active=local")));
	}

	static ServiceLaunch storage(Wiring wiring) {
		String provider = "--files.storage.providers.local.";
		return new ServiceLaunch("storage-service", wiring.storagePort(),
				args(wiring.database("storage"), wiring.common(),
						List.of(provider + "endpoint=" + wiring.s3Endpoint(), provider + "region=us-east-1",
								provider + "bucket=" + StackSettings.BUCKET, provider + "path-style=true",
								provider + "access-key=" + StackSettings.S3_ACCESS_KEY,
								provider + "secret-key=" + StackSettings.S3_SECRET_KEY,
								provider + "checksum-mode=when-required",
								// The local profile brings the development storage-grant
								// key,
								// the same as metadata-service's.
								"--spring.profiles.active=local")));
	}

	static ServiceLaunch shareLink(Wiring wiring) {
		// S3Proxy knows one identity; against a real provider this is a read-only key.
		String provider = "--files.sharelink.providers.local.";
		return new ServiceLaunch("share-link-service", wiring.shareLinkPort(),
				args(wiring.database("links"), wiring.common(),
						List.of(provider + "endpoint=" + wiring.s3Endpoint(), provider + "region=us-east-1",
								provider + "path-style=true", provider + "access-key=" + StackSettings.S3_ACCESS_KEY,
								provider + "secret-key=" + StackSettings.S3_SECRET_KEY,
								"--files.sharelink.failed-resolution-window=" + wiring.failedLinkWindow())));
	}

	static ServiceLaunch gateway(Wiring wiring) {
		return new ServiceLaunch("gateway-service", wiring.gatewayPort(),
				args(wiring.common(),
						List.of("--files.gateway.metadata-url=http://127.0.0.1:" + wiring.metadataPort(),
								"--files.gateway.storage-url=http://127.0.0.1:" + wiring.storagePort(),
								"--files.gateway.share-link-url=http://127.0.0.1:" + wiring.shareLinkPort(),
								"--files.gateway.ui.issuer-url=" + wiring.issuerUrl(),
								// The gateway's own identity for internal calls: the
								// local issuer's client.
								"--files.gateway.identity.token-uri=" + wiring.issuerUrl() + "/oauth2/token",
								"--files.gateway.identity.client-id=gateway-service",
								"--files.gateway.identity.client-secret=gateway-secret",
								// Not started after its services: it reports ready
								// only once they have (bounded like the launcher).
								"--files.gateway.await-services-ready=true",
								"--files.warm-up.timeout=" + StackSettings.startTimeout())));
	}

	/**
	 * The same launch with some settings replaced (or added): {@code name → value} for
	 * {@code --name=value}.
	 */
	ServiceLaunch with(Map<String, String> settings) {
		List<String> replaced = new ArrayList<>();
		for (String argument : this.arguments) {
			if (settings.keySet().stream().noneMatch((name) -> argument.startsWith("--" + name + "="))) {
				replaced.add(argument);
			}
		}
		settings.forEach((name, value) -> replaced.add("--" + name + "=" + value));
		return new ServiceLaunch(this.name, this.port, List.copyOf(replaced), this.jvmFlags);
	}

	@SafeVarargs
	private static List<String> args(List<String>... groups) {
		List<String> all = new ArrayList<>(PROBES);
		for (List<String> group : groups) {
			all.addAll(group);
		}
		return List.copyOf(all);
	}

}
