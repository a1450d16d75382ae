package com.cloudstorage.files.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Link resolution and the metadata API against the bare WebFlux app, each round taking
 * the baseline first and the service path right after it.
 */
final class LatencyBenchmark {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final BenchStack stack;

	private final String bareUrl;

	private final String relayUrl;

	private final BenchSettings settings;

	private @Nullable String fileId;

	private @Nullable String shareLink;

	/** The warm-up of the last closed-loop run, for results.json. */
	private Map<String, Object> lastWarmUp = Map.of();

	/**
	 * @param relayUrl where a bare relay passes requests on to the bare app at
	 * {@code bareUrl}: the shape of link resolution (the gateway, then
	 * share-link-service) with none of our work in it
	 */
	LatencyBenchmark(BenchStack stack, String bareUrl, String relayUrl, BenchSettings settings) {
		this.stack = stack;
		this.bareUrl = bareUrl;
		this.relayUrl = relayUrl;
		this.settings = settings;
	}

	private String fileId() throws Exception {
		if (this.fileId == null) {
			this.fileId = this.stack.uploadSmallFile(this.stack.token(), "shared.txt", "shared bytes");
		}
		return this.fileId;
	}

	/** {@code GET /s/{token}} through the public URL against the bare app's 302. */
	void resolve(Results results) throws Exception {
		if (this.shareLink == null) {
			this.shareLink = this.stack.shareLink(this.stack.token(), fileId());
		}
		String link = this.shareLink;
		String token = link.substring(link.lastIndexOf('/') + 1);
		String bare = this.bareUrl + "/s/" + token;
		String relayed = this.relayUrl + "/s/" + token;
		expect(link, null, 302);
		expect(bare, null, 302);
		expect(relayed, null, 302);
		int connections = this.settings.resolveConnections();
		Map<String, List<Latency>> rounds = closedLoop(bare, link, relayed, connections, null);
		Latency baseline = Latency.median(rounds.get("bare"));
		Latency measured = Latency.median(rounds.get("service"));
		Latency shape = Latency.median(rounds.get("relayed"));
		results.section("resolve", json(rounds, Map.of("connections", connections, "warmUp", this.lastWarmUp)));
		double ratio = measured.requestsPerSecond() / baseline.requestsPerSecond();
		boolean met = ratio >= 0.5 && measured.p99() <= 2 * baseline.p99() && measured.failures() == 0;
		results
			.figure(new Figure("`GET /s/{token}` at " + connections + " connections (wrk) ÷ the bare WebFlux app's 302",
					String.format("%s (%.2f of the bare relay's)", measured,
							measured.requestsPerSecond() / shape.requestsPerSecond()),
					baseline.toString(), ratio, "≥ 0.50, p99 ≤ 2× the bare app's", met));
		results.figure(Figure.context("the shape of `/s/`: one bare relay in front of the bare app ÷ the bare app",
				shape.toString(), baseline.toString(), shape.requestsPerSecond() / baseline.requestsPerSecond()));
	}

	/**
	 * {@code GET /api/v1/files/{id}} through the gateway: as fast as 16 connections go
	 * (wrk), then open-loop at a fixed rate; the bare app serves a JSON document of the
	 * same size without any of the work behind it.
	 */
	void api(Results results) throws Exception {
		String token = this.stack.token();
		String id = fileId();
		String url = this.stack.gatewayUrl() + "/api/v1/files/" + id;
		String bare = this.bareUrl + "/api/v1/files/" + id;
		expect(url, token, 200);
		expect(bare, null, 200);
		int connections = this.settings.apiConnections();
		Map<String, List<Latency>> closed = closedLoop(bare, url, null, connections, token);
		int rate = this.settings.fixedRate();
		Map<String, List<Latency>> open = new LinkedHashMap<>();
		open.put("bare", new ArrayList<>());
		open.put("service", new ArrayList<>());
		for (int round = 1; round <= this.settings.rounds(); round++) {
			Latency bareRound = FixedRateClient.run(bare, rate, connections, this.settings.fixedRateDuration(), null,
					200);
			Latency serviceRound = FixedRateClient.run(url, rate, connections, this.settings.fixedRateDuration(),
					this.stack.token(), 200);
			open.get("bare").add(bareRound);
			open.get("service").add(serviceRound);
			System.out.printf("fixed %d req/s round %d: bare %s | gateway %s%n", rate, round, bareRound, serviceRound);
		}
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("closedLoop", json(closed, Map.of("connections", connections, "warmUp", this.lastWarmUp)));
		raw.put("fixedRate", json(open, Map.of("requestsPerSecond", rate, "seconds",
				this.settings.fixedRateDuration().toSeconds(), "maxInFlight", connections)));
		// bench/run raises the gateway's per-caller limit for the stack it starts (one
		// caller here); a run without it would measure 429s.
		raw.put("gatewayRateLimitPerCaller",
				Map.of("requestsPerSecond", setting("FILES_GATEWAY_RATELIMIT_REQUESTSPERSECOND", "20 (default)"),
						"burst", setting("FILES_GATEWAY_RATELIMIT_BURST", "40 (default)")));
		results.section("api", raw);

		Latency closedBare = Latency.median(closed.get("bare"));
		Latency closedService = Latency.median(closed.get("service"));
		Latency openBare = Latency.median(open.get("bare"));
		Latency openService = Latency.median(open.get("service"));
		double ratio = closedService.requestsPerSecond() / closedBare.requestsPerSecond();
		boolean met = openService.p99() < 25 && closedService.requestsPerSecond() >= 890
				&& closedService.failures() == 0 && openService.failures() == 0;
		results.figure(new Figure("`GET /api/v1/files/{id}` through the gateway, " + connections + " connections",
				closedService + "; at a fixed " + rate + " req/s: p50 " + ms(openService.p50()) + ", p99 "
						+ ms(openService.p99()),
				"bare app " + closedBare + "; at a fixed " + rate + " req/s: p99 " + ms(openBare.p99()), ratio,
				"p99 < 25 ms at a fixed 200 req/s; ≥ 890 req/s (10× 89)", met));
	}

	/**
	 * Rounds of {@code bare}, {@code service} and, when given, {@code relayed}, each
	 * warmed up first; {@code token} goes to the service only.
	 */
	private Map<String, List<Latency>> closedLoop(String bare, String service, @Nullable String relayed,
			int connections, @Nullable String token) throws Exception {
		Map<String, Object> warmUp = new LinkedHashMap<>();
		warmUp.put("stepSeconds", this.settings.warmUp().toSeconds());
		warmUp.put("bareRequestsPerSecond", warmUp(bare, connections, null));
		warmUp.put("serviceRequestsPerSecond", warmUp(service, connections, token));
		if (relayed != null) {
			warmUp.put("relayedRequestsPerSecond", warmUp(relayed, connections, null));
		}
		this.lastWarmUp = warmUp;
		Map<String, List<Latency>> rounds = new LinkedHashMap<>();
		rounds.put("bare", new ArrayList<>());
		rounds.put("service", new ArrayList<>());
		if (relayed != null) {
			rounds.put("relayed", new ArrayList<>());
		}
		for (int round = 1; round <= this.settings.rounds(); round++) {
			Latency bareRound = Wrk.run(bare, connections, this.settings.wrkDuration(), null);
			Latency serviceRound = Wrk.run(service, connections, this.settings.wrkDuration(),
					(token != null) ? this.stack.token() : null);
			rounds.get("bare").add(bareRound);
			rounds.get("service").add(serviceRound);
			String relayedText = "";
			if (relayed != null) {
				Latency relayedRound = Wrk.run(relayed, connections, this.settings.wrkDuration(), null);
				rounds.get("relayed").add(relayedRound);
				relayedText = " | bare relay " + relayedRound;
			}
			System.out.printf("%d connections round %d: bare %s | service %s%s%n", connections, round, bareRound,
					serviceRound, relayedText);
		}
		return rounds;
	}

	/**
	 * Load in steps of {@link BenchSettings#warmUp} until the throughput is
	 * {@link #steady} after at least {@link BenchSettings#warmUpMin}, or
	 * {@link BenchSettings#warmUpMax} has passed: the services' JIT compilers need tens
	 * of seconds of traffic on 2 cores, and a fixed 5 s measured half-compiled JVMs. The
	 * same rule applies to every path, the bare ones included. Returns each step's
	 * requests per second, for results.json.
	 */
	private List<Double> warmUp(String url, int connections, @Nullable String token) throws Exception {
		List<Double> steps = new ArrayList<>();
		long deadline = System.nanoTime() + this.settings.warmUpMax().toNanos();
		int minSteps = (int) Math
			.ceil((double) this.settings.warmUpMin().toMillis() / this.settings.warmUp().toMillis());
		do {
			double perSecond = Wrk
				.run(url, connections, this.settings.warmUp(), (token != null) ? this.stack.token() : null)
				.requestsPerSecond();
			steps.add(Math.round(perSecond * 10) / 10.0);
			if (steady(steps, minSteps)) {
				break;
			}
		}
		while (System.nanoTime() < deadline);
		System.out.printf("warm-up %s: req/s per %d s step %s%n", url.replaceAll("/s/.*", "/s/***"),
				this.settings.warmUp().toSeconds(), steps);
		return steps;
	}

	/**
	 * At least {@code minSteps} steps, and the last three agree within 5 %. Two steps
	 * were not enough: a step in which the JIT compilers take the CPU dips below the one
	 * before while the JVM is still far from warm (seen: 288, 686, 776, 610, … req/s).
	 * Nor was the rule alone: the API's throughput held at ~540 req/s from 15 s to 25 s
	 * and was measured there, while another run climbed past it to ~1,050 req/s after 65
	 * s.
	 */
	static boolean steady(List<Double> steps, int minSteps) {
		int n = steps.size();
		if (n < Math.max(3, minSteps)) {
			return false;
		}
		List<Double> last = steps.subList(n - 3, n);
		double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		return highest <= 1.05 * lowest;
	}

	private static Map<String, Object> json(Map<String, List<Latency>> rounds, Map<String, Object> load) {
		Map<String, Object> json = new LinkedHashMap<>(load);
		for (Map.Entry<String, List<Latency>> path : rounds.entrySet()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("rounds", path.getValue().stream().map(Latency::toJson).toList());
			entry.put("median", Latency.median(path.getValue()).toJson());
			json.put(path.getKey(), entry);
		}
		return json;
	}

	private static void expect(String url, @Nullable String token, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		int answered = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		if (answered != status) {
			throw new IllegalStateException("Expected HTTP " + status + " before the load, got " + answered);
		}
	}

	private static String setting(String name, String otherwise) {
		String value = System.getenv(name);
		return (value != null) ? value : otherwise;
	}

	private static String ms(double millis) {
		return String.format("%.1f ms", millis);
	}

}
