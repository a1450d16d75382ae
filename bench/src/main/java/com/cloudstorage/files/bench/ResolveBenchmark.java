package com.cloudstorage.files.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.cloudstorage.files.localstack.LocalStack;
import com.cloudstorage.files.localstack.StackSettings;

/**
 * {@code GET /s/{token}} through the gateway under load (wrk), against the gateway's own
 * health endpoint in the same run as the baseline: how close link resolution (hash, one
 * indexed lookup in share-link-service's projection, a local presign) comes to the
 * cheapest request the gateway can answer.
 */
public final class ResolveBenchmark {

	private ResolveBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String duration = System.getProperty("bench.duration", "15s");
		String connections = System.getProperty("bench.connections", "32");
		Path work = Files.createTempDirectory("resolve-bench");
		StackSettings settings = new StackSettings(work.resolve("stack"), 0, 0, 0, 0, 0, 0, 0, 0, false, false,
				Duration.ofMinutes(1));
		try (LocalStack stack = LocalStack.start(settings)) {
			String token = stack.token("alice", "alice-secret");
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpResponse<String> uploaded = http
				.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/files?name=shared.txt"))
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString("shared bytes"))
					.build(), HttpResponse.BodyHandlers.ofString());
			String fileId = match(uploaded.body(), "\"id\":\"([^\"]+)\"");
			HttpResponse<String> link = http
				.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/files/" + fileId + "/share-link"))
					.header("Authorization", "Bearer " + token)
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			String url = match(link.body(), "\"url\":\"([^\"]+)\"");

			// Warm both paths up before measuring.
			wrk("5s", connections, stack.gatewayUrl() + "/actuator/health");
			wrk("5s", connections, url);
			Result baseline = wrk(duration, connections, stack.gatewayUrl() + "/actuator/health");
			Result resolve = wrk(duration, connections, url);
			System.out.printf("%ngateway /actuator/health (baseline): %,.0f req/s, p99 %s, non-2xx/3xx %d%n",
					baseline.rps, baseline.p99, baseline.errors);
			System.out.printf("GET /s/{token} -> 302 presigned:     %,.0f req/s, p99 %s, non-2xx/3xx %d%n", resolve.rps,
					resolve.p99, resolve.errors);
			System.out.printf("link resolution / baseline: %.2f (goal: thousands of req/s on 2 cores: %s)%n",
					resolve.rps / baseline.rps, resolve.rps >= 1000 ? "met" : "NOT met");
		}
	}

	private static Result wrk(String duration, String connections, String url)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + duration, "--latency", url)
			.redirectErrorStream(true)
			.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		double rps = Double.parseDouble(match(out, "Requests/sec:\\s+([0-9.]+)"));
		String p99 = match(out, "99%\\s+(\\S+)");
		Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
		return new Result(rps, p99, errors.find() ? Long.parseLong(errors.group(1)) : 0);
	}

	private static String match(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + regex + " in: " + text);
		}
		return matcher.group(1);
	}

	private record Result(double rps, String p99, long errors) {
	}

}
