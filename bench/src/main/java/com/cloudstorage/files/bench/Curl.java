package com.cloudstorage.files.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One transfer with curl, the same client for the direct and the gateway path. The URL
 * may be presigned, so it never appears in an exception message.
 */
final class Curl {

	private Curl() {
	}

	/** What one transfer took; {@code body} is the answer when it was kept. */
	record Transfer(int status, double seconds, long bytes, String body, @Nullable String etag) {

		double mibPerSecond() {
			return this.bytes / (double) BenchSettings.MIB / this.seconds;
		}

	}

	/** Sends {@code file} as the body ({@code method} PUT or POST). */
	static Transfer upload(String method, String url, Path file, @Nullable String bearerToken, Path answer)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("curl", "-sS", "-X", method, "-T", file.toString(), "-H",
				"Expect:", "-H", "Content-Type: application/octet-stream", "-o", answer.toString(), "-w",
				"%{http_code} %{time_total} %{size_upload}"));
		return run(command, url, bearerToken, answer);
	}

	/**
	 * A part of a plain S3 multipart upload, sent like {@link #upload}, keeping the
	 * answer's {@code ETag} that completion needs.
	 */
	static Transfer uploadPart(String url, Path file) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("curl", "-sS", "-X", "PUT", "-T", file.toString(), "-H",
				"Expect:", "-H", "Content-Type: application/octet-stream", "-o", "/dev/null", "-w",
				"%{http_code} %{time_total} %{size_upload} %header{etag}"));
		return run(command, url, null, null);
	}

	/** Reads the body into nothing. */
	static Transfer download(String url, @Nullable String bearerToken) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}"));
		return run(command, url, bearerToken, null);
	}

	private static Transfer run(List<String> command, String url, @Nullable String bearerToken, @Nullable Path answer)
			throws IOException, InterruptedException {
		if (bearerToken != null) {
			command.add("-H");
			command.add("Authorization: Bearer " + bearerToken);
		}
		command.add(url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		int exit = process.waitFor();
		String[] fields = out.substring(out.lastIndexOf('\n') + 1).trim().split(" ");
		if (exit != 0 || fields.length < 3) {
			throw new IllegalStateException("curl exited with " + exit + ": " + firstLine(out));
		}
		String body = (answer != null && Files.exists(answer)) ? Files.readString(answer) : "";
		return new Transfer(Integer.parseInt(fields[0]), Double.parseDouble(fields[1]), Long.parseLong(fields[2]), body,
				(fields.length > 3) ? fields[3] : null);
	}

	private static String firstLine(String out) {
		int newline = out.indexOf('\n');
		return (newline < 0) ? out : out.substring(0, newline);
	}

}
