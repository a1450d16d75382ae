package com.cloudstorage.files.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Closed-loop load with wrk (Debian's wrk 4): a fixed number of connections sending as
 * fast as the server answers.
 */
final class Wrk {

	private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
			Pattern.MULTILINE);

	private Wrk() {
	}

	static Latency run(String url, int connections, Duration duration, @Nullable String bearerToken)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections,
				"-d" + duration.toSeconds() + "s", "--timeout", "10s", "--latency"));
		if (bearerToken != null) {
			command.add("-H");
			command.add("Authorization: Bearer " + bearerToken);
		}
		command.add(url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("wrk failed: " + out);
		}
		return parse(out);
	}

	static Latency parse(String out) {
		double[] percentiles = new double[4];
		Matcher matcher = PERCENTILE.matcher(out);
		int found = 0;
		while (matcher.find()) {
			int index = switch (matcher.group(1)) {
				case "50" -> 0;
				case "75" -> 1;
				case "90" -> 2;
				default -> 3;
			};
			percentiles[index] = millis(Double.parseDouble(matcher.group(2)), matcher.group(3));
			found++;
		}
		if (found != 4) {
			throw new IllegalStateException("No latency distribution in wrk's output: " + out);
		}
		Matcher max = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s|m)").matcher(out);
		Matcher requests = Pattern.compile("(\\d+) requests in").matcher(out);
		Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
		if (!max.find() || !requests.find() || !rps.find()) {
			throw new IllegalStateException("Unexpected wrk output: " + out);
		}
		long failures = sum(Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out));
		Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
			.matcher(out);
		if (socket.find()) {
			for (int group = 1; group <= 4; group++) {
				failures += Long.parseLong(socket.group(group));
			}
		}
		return new Latency(Double.parseDouble(rps.group(1)), percentiles[0], percentiles[1], percentiles[2],
				percentiles[3], millis(Double.parseDouble(max.group(1)), max.group(2)),
				Long.parseLong(requests.group(1)), failures);
	}

	private static long sum(Matcher matcher) {
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	private static double millis(double value, String unit) {
		return switch (unit) {
			case "us" -> value / 1000;
			case "ms" -> value;
			case "s" -> value * 1000;
			default -> value * 60_000;
		};
	}

}
