package com.cloudstorage.files.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PNG plots drawn by gnuplot (Debian's gnuplot-nox) from the run's medians; the data
 * files and the script stay next to them, so a plot can be redrawn or changed.
 */
final class Plots {

	private static final String HEADER = """
			set terminal pngcairo size 960,540 font "sans,11"
			set grid
			set termoption noenhanced
			set key outside below
			set datafile missing '?'
			""";

	private Plots() {
	}

	/** Draws what the results hold; returns the PNG files. */
	@SuppressWarnings("unchecked")
	static List<Path> draw(Results results, Path directory, String machine) throws IOException, InterruptedException {
		StringBuilder script = new StringBuilder(HEADER);
		List<Path> pngs = new ArrayList<>();
		if (results.has("transfers")) {
			StringBuilder data = new StringBuilder(
					"# sizeMiB directPut gatewayUpload directGet gatewayStream relayPut relayGet (MiB/s)\n");
			for (Map<String, Object> size : (List<Map<String, Object>>) results.section("transfers")) {
				Map<String, Object> medians = (Map<String, Object>) size.get("medians");
				data.append((long) size.get("sizeBytes") / BenchSettings.MIB);
				for (String path : TransferBenchmark.PATHS) {
					data.append(' ').append(value((double) medians.get(path + "MiBps")));
				}
				data.append('\n');
			}
			Files.writeString(directory.resolve("transfers.dat"), data);
			for (String[] plot : List.of(
					new String[] { "upload", "2", "direct presigned PUT to S3", "3",
							"POST /api/v1/files through the gateway", "6", "the same PUT through two bare relays" },
					new String[] { "download", "4", "direct presigned GET from S3", "5",
							"GET /api/v1/files/{id}/content?mode=stream through the gateway", "7",
							"the same GET through two bare relays" })) {
				String png = "throughput-" + plot[0] + ".png";
				script.append(String.format("""
						set output '%s'
						set title "%s throughput against file size (median of the rounds, curl on both paths)\\n%s"
						set logscale x 2
						unset logscale y
						set xlabel 'file size (MiB)'
						set ylabel 'MiB/s'
						set yrange [0:*]
						set xtics (1,4,16,64,256,1024,2048)
						plot 'transfers.dat' using 1:%s with linespoints lw 2 pt 7 title '%s', \\
						     '' using 1:%s with linespoints lw 2 pt 5 title '%s', \\
						     '' using 1:%s with linespoints lw 2 pt 6 dt 2 title '%s'
						unset xtics
						set xtics
						unset logscale x
						set yrange [*:*]
						""", png, plot[0].equals("upload") ? "Upload" : "Download", machine, plot[1], plot[2], plot[3],
						plot[4], plot[5], plot[6]));
				pngs.add(directory.resolve(png));
			}
		}
		if (results.has("resolve")) {
			Map<String, Object> resolve = (Map<String, Object>) results.section("resolve");
			percentiles(directory.resolve("resolve.dat"),
					List.of(median(resolve, "bare"), median(resolve, "service"), median(resolve, "relayed")));
			script.append(String.format(
					"""
							set output 'latency-resolve.png'
							set title "GET /s/{token} at %s connections (wrk, median of the rounds)\\n%s"
							set logscale y
							set xlabel 'percentile'
							set ylabel 'latency (ms)'
							plot 'resolve.dat' using 0:2:xtic(1) with linespoints lw 2 pt 7 title 'bare WebFlux app answering 302', \\
							     '' using 0:3 with linespoints lw 2 pt 5 title 'GET /s/{token} through the public URL', \\
							     '' using 0:4 with linespoints lw 2 pt 6 dt 2 title 'one bare relay in front of the bare app'
							unset logscale y
							""",
					resolve.get("connections"), machine));
			pngs.add(directory.resolve("latency-resolve.png"));
		}
		if (results.has("api")) {
			Map<String, Object> api = (Map<String, Object>) results.section("api");
			Map<String, Object> closed = (Map<String, Object>) api.get("closedLoop");
			Map<String, Object> open = (Map<String, Object>) api.get("fixedRate");
			percentiles(directory.resolve("api.dat"), List.of(median(closed, "bare"), median(closed, "service"),
					median(open, "bare"), median(open, "service")));
			script.append(String.format(
					"""
							set output 'latency-api.png'
							set title "GET /api/v1/files/{id} latency (median of the rounds)\\n%s"
							set logscale y
							set xlabel 'percentile'
							set ylabel 'latency (ms)'
							plot 'api.dat' using 0:2:xtic(1) with linespoints lw 2 pt 7 title 'bare app, %s connections (wrk)', \\
							     '' using 0:3 with linespoints lw 2 pt 5 title 'through the gateway, %s connections (wrk)', \\
							     '' using 0:4 with linespoints lw 2 pt 6 dt 2 title 'bare app, fixed %s req/s', \\
							     '' using 0:5 with linespoints lw 2 pt 4 dt 2 title 'through the gateway, fixed %s req/s', \\
							     25 with lines lc rgb 'red' dt 3 title 'target p99 at the fixed rate'
							unset logscale y
							""",
					machine, closed.get("connections"), closed.get("connections"), open.get("requestsPerSecond"),
					open.get("requestsPerSecond")));
			pngs.add(directory.resolve("latency-api.png"));
		}
		if (results.has("startupAlone") && results.has("startupStack")) {
			StringBuilder data = new StringBuilder("# what seconds\n");
			for (Map.Entry<String, Object> entry : ((Map<String, Object>) results.section("startupAlone")).entrySet()) {
				data.append('"')
					.append(entry.getKey().replace("-service", "").replace("bare WebFlux app", "bare app"))
					.append(" alone\" ")
					.append(value((double) ((Map<String, Object>) entry.getValue()).get("median")))
					.append('\n');
			}
			data.append("\"whole stack\" ")
				.append(value((double) ((Map<String, Object>) results.section("startupStack")).get("allReadySeconds")))
				.append('\n');
			Files.writeString(directory.resolve("startup.dat"), data);
			script.append(String.format("""
					set output 'startup.png'
					set title "Start-up until ready (median of the rounds; the whole stack once)\\n%s"
					set style fill solid 0.6
					set boxwidth 0.6
					set xlabel ''
					set ylabel 'seconds'
					set yrange [0:*]
					plot 'startup.dat' using 0:2:xtic(1) with boxes title 'launch → ready', \\
					     8 with lines lc rgb 'red' dt 3 title 'target for one service (8 s)', \\
					     30 with lines lc rgb 'orange' dt 3 title 'target for the whole stack (30 s)'
					""", machine));
			pngs.add(directory.resolve("startup.png"));
		}
		Files.writeString(directory.resolve("plots.gp"), script);
		if (!pngs.isEmpty()) {
			Process gnuplot = new ProcessBuilder("gnuplot", "plots.gp").directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			String out = new String(gnuplot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (gnuplot.waitFor() != 0) {
				throw new IllegalStateException("gnuplot failed: " + out);
			}
		}
		return pngs;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> median(Map<String, Object> section, String path) {
		return (Map<String, Object>) ((Map<String, Object>) section.get(path)).get("median");
	}

	private static void percentiles(Path file, List<Map<String, Object>> series) throws IOException {
		StringBuilder data = new StringBuilder();
		for (String percentile : List.of("p50", "p75", "p90", "p99")) {
			data.append(percentile);
			for (Map<String, Object> latency : series) {
				data.append(' ').append(value((double) latency.get(percentile + "Ms")));
			}
			data.append('\n');
		}
		Files.writeString(file, data);
	}

	private static String value(double value) {
		return Double.isNaN(value) ? "?" : String.format(java.util.Locale.ROOT, "%.3f", value);
	}

}
