package com.cloudstorage.files.storage.object.web;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;

/**
 * Bytes and durations of the byte API's transfers: {@value #BYTES} counts bytes as they
 * pass (also those of transfers that fail later), {@value #DURATION} times each transfer
 * from the request to its last byte, by {@code direction} and {@code outcome}
 * ({@code success}, {@code failure}, {@code cancelled}: the client went away). No key,
 * file name or provider answer is ever a tag.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
class TransferMetrics {

	static final String BYTES = "storage.transfer.bytes";

	static final String DURATION = "storage.transfer.duration";

	static final String UPLOAD = "upload";

	static final String DOWNLOAD = "download";

	private final MeterRegistry meters;

	private final Counter uploadedBytes;

	private final Counter downloadedBytes;

	TransferMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.uploadedBytes = bytes(UPLOAD);
		this.downloadedBytes = bytes(DOWNLOAD);
		// Both directions' successes exist from the start, so rates and alerts see 0, not
		// "no data".
		timer(UPLOAD, "success");
		timer(DOWNLOAD, "success");
	}

	void uploaded(long bytes) {
		this.uploadedBytes.increment(bytes);
	}

	/** Times an upload, started now, until the store has the object or fails. */
	<T> Mono<T> timeUpload(Mono<T> upload) {
		long started = System.nanoTime();
		return upload.doFinally((signal) -> record(UPLOAD, signal, started));
	}

	/**
	 * Counts a download body's bytes as they go to the socket and times the download from
	 * {@code started} (the request) to its last byte.
	 */
	Flux<DataBuffer> countDownload(Flux<DataBuffer> body, long started) {
		return body.doOnNext((buffer) -> this.downloadedBytes.increment(buffer.readableByteCount()))
			.doFinally((signal) -> record(DOWNLOAD, signal, started));
	}

	/** A download that failed before its body started. */
	void downloadFailed(long started) {
		record(DOWNLOAD, SignalType.ON_ERROR, started);
	}

	private void record(String direction, SignalType signal, long started) {
		String outcome = switch (signal) {
			case ON_COMPLETE -> "success";
			case CANCEL -> "cancelled";
			default -> "failure";
		};
		timer(direction, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
	}

	private Counter bytes(String direction) {
		return Counter.builder(BYTES).baseUnit("bytes").tag("direction", direction).register(this.meters);
	}

	private Timer timer(String direction, String outcome) {
		return Timer.builder(DURATION)
			.tag("direction", direction)
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.meters);
	}

}
