package com.cloudstorage.files.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * The objects an overlay of {@code deploy/k8s} renders to, exactly as
 * {@code kubectl kustomize} prints them (the same renderer {@code kubectl apply -k}
 * uses), so the checks see what a cluster would get.
 */
final class RenderedManifests {

	static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private RenderedManifests() {
	}

	/**
	 * The repository's {@code deploy/k8s} folder, whichever directory the tests run from.
	 */
	static Path k8sFolder() {
		Path here = Path.of("").toAbsolutePath();
		for (Path dir = here; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("deploy/k8s");
			if (Files.isDirectory(candidate.resolve("base"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No deploy/k8s above " + here);
	}

	static List<JsonNode> render(String overlay) {
		return parse(kustomize(k8sFolder().resolve("overlays").resolve(overlay)));
	}

	static List<JsonNode> parse(String yaml) {
		try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
			List<JsonNode> objects = new ArrayList<>();
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				if (document != null && !document.isNull() && !document.isEmpty()) {
					objects.add(document);
				}
			}
			return objects;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs {@code kubectl kustomize}. Without kubectl the tests are skipped on a
	 * developer's machine but fail in CI ({@code CI} set), where {@code .ci/run} installs
	 * it: the check must never pass by not running.
	 */
	static String kustomize(Path overlay) {
		Optional<Path> kubectl = onPath("kubectl");
		if (kubectl.isEmpty()) {
			if (System.getenv("CI") != null) {
				throw new AssertionError("kubectl is not on the PATH; .ci/run installs it");
			}
			Assumptions.abort("kubectl is not on the PATH (Debian: apt-get install kubernetes-client); skipped");
		}
		try {
			Path output = Files.createTempFile("kustomize", ".yaml");
			Path errors = Files.createTempFile("kustomize", ".err");
			try {
				Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize", overlay.toString())
					.redirectOutput(output.toFile())
					.redirectError(errors.toFile())
					.start();
				if (!process.waitFor(2, TimeUnit.MINUTES)) {
					process.destroyForcibly();
					throw new AssertionError("kubectl kustomize " + overlay + " did not finish within 2 minutes");
				}
				if (process.exitValue() != 0) {
					throw new AssertionError("kubectl kustomize " + overlay + " failed: "
							+ Files.readString(errors, StandardCharsets.UTF_8));
				}
				return Files.readString(output, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(output);
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	private static Optional<Path> onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(dir, command);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
