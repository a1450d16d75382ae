package com.cloudstorage.files.gateway.tus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Session;
import com.cloudstorage.files.gateway.route.UploadSessionCalls;
import com.cloudstorage.files.gateway.route.UploadSessionCalls.Caller;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.tracing.Traced;

/**
 * Turns one {@code PATCH} body of any length into the session's parts. The bytes of the
 * part being filled go to a spool file of this request (never more than one part, never
 * in the heap); each time it holds a whole part, the part is streamed from the file to
 * storage-service and the file starts over. When the body ends between part boundaries,
 * the bytes of the unfinished part are staged under the file's key (see
 * {@link Progress}), so every byte the client sent is durable before the answer names the
 * new offset. The next {@code PATCH} reads the staged tail back into its spool file
 * first. The spool file is deleted when the request ends: between requests the only state
 * is in the provider, so any gateway replica continues any upload.
 */
final class PatchWriter {

	private static final Logger LOG = LoggerFactory.getLogger(PatchWriter.class);

	private static final int READ_BUFFER = 64 * 1024;

	private static final Scheduler FILES = Schedulers.boundedElastic();

	private final UploadSessionCalls calls;

	private final Caller caller;

	private final Session session;

	private final Path file;

	private final FileChannel channel;

	// Written by one step at a time, but steps run on different threads.

	/** The part being filled. */
	private volatile int partNumber;

	/** Its bytes in the spool file, after the header. */
	private volatile long filled;

	/** Bytes of this request's body so far. */
	private volatile long received;

	private PatchWriter(UploadSessionCalls calls, Caller caller, Session session, Progress progress, Path file,
			FileChannel channel) {
		this.calls = calls;
		this.caller = caller;
		this.session = session;
		this.file = file;
		this.channel = channel;
		this.partNumber = progress.storedParts() + 1;
	}

	/**
	 * Writes the body from {@code progress} on.
	 * @return the new offset: every byte before it is stored
	 */
	static Mono<Long> write(UploadSessionCalls calls, SpoolBudget spool, Caller caller, Session session,
			Progress progress, Flux<DataBuffer> body) {
		// The most a spool file holds: the header and one part. Reserved before the body
		// is read; refused (503) when the instance's spool disk is taken.
		return Mono.usingWhen(spool.reserve(Progress.HEADER_BYTES + session.partSize()),
				(lease) -> Mono.usingWhen(
						Mono.fromCallable(() -> open(calls, caller, session, progress)).subscribeOn(FILES),
						(writer) -> writer.run(progress, body), (writer) -> writer.close(),
						(writer, ex) -> writer.close(), (writer) -> writer.close()),
				(lease) -> Mono.fromRunnable(lease::release), (lease, ex) -> Mono.fromRunnable(lease::release),
				(lease) -> Mono.fromRunnable(lease::release));
	}

	private static PatchWriter open(UploadSessionCalls calls, Caller caller, Session session, Progress progress)
			throws IOException {
		Path file = Files.createTempFile("tus-", ".part");
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
			return new PatchWriter(calls, caller, session, progress, file, channel);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			throw ex;
		}
	}

	private Mono<Long> run(Progress progress, Flux<DataBuffer> body) {
		return loadTail(progress).then(body.concatMap(this::consume).then())
			.then(Mono.defer(() -> (this.received > 0 && this.filled > 0) ? stageTail() : Mono.empty()))
			.onErrorResume((ex) -> stageQuietly().then(Mono.error(ex)))
			.then(Mono.fromCallable(() -> Progress.offsetOf(this.session, this.partNumber, this.filled)));
	}

	/** The staged tail into the spool file, checked against what the offset assumed. */
	private Mono<Void> loadTail(Progress progress) {
		if (progress.tail() == 0) {
			return Mono.empty();
		}
		return this.calls
			.readUnderKey(this.caller, this.session,
					(bytes) -> DataBufferUtils.write(bytes.publishOn(FILES), this.channel)
						.map(DataBufferUtils::release)
						.then())
			.then(Mono.fromCallable(() -> {
				ByteBuffer header = ByteBuffer.allocate(Progress.HEADER_BYTES);
				this.channel.read(header, 0);
				long length = this.channel.size() - Progress.HEADER_BYTES;
				if (Progress.partOf(header.array()) != this.partNumber || length != progress.tail()) {
					// Another request moved the upload on meanwhile.
					throw new ProblemException(ProblemCode.UPLOAD_OFFSET_MISMATCH,
							"The upload moved on while this request started; ask HEAD for its offset.");
				}
				this.filled = length;
				return length == this.session.sizeOfPart(this.partNumber);
			}).subscribeOn(FILES))
			// A whole part staged when storing it failed: store it now.
			.flatMap((partFull) -> partFull ? storePart() : Mono.empty());
	}

	private Mono<Void> consume(DataBuffer buffer) {
		return drain(buffer).doFinally((signal) -> DataBufferUtils.release(buffer));
	}

	/** Spools the buffer, storing each part it completes. */
	private Mono<Void> drain(DataBuffer buffer) {
		return Mono.fromCallable(() -> spool(buffer))
			.subscribeOn(FILES)
			.flatMap((partFull) -> partFull ? storePart() : Mono.<Void>empty())
			.then(Mono.defer(() -> (buffer.readableByteCount() > 0) ? drain(buffer) : Mono.empty()));
	}

	/**
	 * Writes as much of the buffer as the current part takes.
	 * @return whether the part is now whole
	 */
	private boolean spool(DataBuffer buffer) throws IOException {
		if (buffer.readableByteCount() == 0) {
			return false;
		}
		if (this.partNumber > this.session.partCount()) {
			throw new ProblemException(ProblemCode.ENTITY_TOO_LARGE, "The body is longer than Upload-Length "
					+ this.session.size() + " allows; the bytes up to it are stored.");
		}
		long partSize = this.session.sizeOfPart(this.partNumber);
		int count = (int) Math.min(partSize - this.filled, buffer.readableByteCount());
		byte[] bytes = new byte[count];
		buffer.read(bytes);
		ByteBuffer chunk = ByteBuffer.wrap(bytes);
		long position = Progress.HEADER_BYTES + this.filled;
		while (chunk.hasRemaining()) {
			position += this.channel.write(chunk, position);
		}
		this.filled += count;
		this.received += count;
		return this.filled == partSize;
	}

	private Mono<Void> storePart() {
		int number = this.partNumber;
		long size = this.filled;
		return this.calls.putPart(this.caller, this.session, number, size, size, read(Progress.HEADER_BYTES))
			.then(Mono.fromCallable(() -> {
				this.channel.truncate(Progress.HEADER_BYTES);
				this.partNumber = number + 1;
				this.filled = 0;
				return number;
			}).subscribeOn(FILES))
			.then();
	}

	private Mono<Void> stageTail() {
		long length = Progress.HEADER_BYTES + this.filled;
		return Mono.fromCallable(() -> this.channel.write(ByteBuffer.wrap(Progress.header(this.partNumber)), 0))
			.subscribeOn(FILES)
			.then(this.calls.putUnderKey(this.caller, this.session, length, read(0)));
	}

	/**
	 * After a failure (the client's connection broke, storage refused): keeps what was
	 * received so the client resumes from there, when there is anything new.
	 */
	private Mono<Void> stageQuietly() {
		if (this.received == 0 || this.filled == 0) {
			return Mono.empty();
		}
		return stageTail().onErrorResume(
				(ex) -> Traced.log(() -> LOG.warn("Could not stage the received tail of upload session {}: {}",
						this.session.id(), ex.getClass().getSimpleName())));
	}

	private Flux<DataBuffer> read(long from) {
		return DataBufferUtils.readAsynchronousFileChannel(
				() -> AsynchronousFileChannel.open(this.file, StandardOpenOption.READ), from,
				DefaultDataBufferFactory.sharedInstance, READ_BUFFER);
	}

	private Mono<Void> close() {
		return Mono.<Void>fromRunnable(() -> {
			try {
				this.channel.close();
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		})
			.subscribeOn(FILES)
			.onErrorResume((ex) -> Traced
				.log(() -> LOG.warn("Could not remove a TUS spool file: {}", ex.getClass().getSimpleName())));
	}

}
