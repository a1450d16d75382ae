package com.cloudstorage.files.storage.object;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * Admission control of one instance: how many uploads and downloads run at once and how
 * many bytes their buffers may hold together. A transfer that does not fit is refused at
 * once (never queued), so a burst cannot pile up memory or waiting requests.
 */
public final class TransferBudget {

	private final int maxUploads;

	private final int maxDownloads;

	private final long memoryBytes;

	private int uploads;

	private int downloads;

	private long reservedBytes;

	/**
	 * @param maxUploads uploads at once, at least 1
	 * @param maxDownloads downloads at once, at least 1
	 * @param memoryBytes bytes all admitted transfers may buffer together, at least 1
	 */
	public TransferBudget(int maxUploads, int maxDownloads, long memoryBytes) {
		if (maxUploads < 1 || maxDownloads < 1 || memoryBytes < 1) {
			throw new IllegalArgumentException("Limits must be positive");
		}
		this.maxUploads = maxUploads;
		this.maxDownloads = maxDownloads;
		this.memoryBytes = memoryBytes;
	}

	/**
	 * Admits an upload that will buffer at most {@code bytes}, or returns {@code null}
	 * when it does not fit now.
	 */
	public @Nullable Permit tryUpload(long bytes) {
		return tryAcquire(true, bytes);
	}

	/**
	 * Admits a download that will buffer at most {@code bytes}, or returns {@code null}
	 * when it does not fit now.
	 */
	public @Nullable Permit tryDownload(long bytes) {
		return tryAcquire(false, bytes);
	}

	private synchronized @Nullable Permit tryAcquire(boolean upload, long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("bytes must not be negative");
		}
		boolean slot = upload ? this.uploads < this.maxUploads : this.downloads < this.maxDownloads;
		if (!slot || bytes > this.memoryBytes - this.reservedBytes) {
			return null;
		}
		if (upload) {
			this.uploads++;
		}
		else {
			this.downloads++;
		}
		this.reservedBytes += bytes;
		return new Permit(upload, bytes);
	}

	private synchronized void release(boolean upload, long bytes) {
		if (upload) {
			this.uploads--;
		}
		else {
			this.downloads--;
		}
		this.reservedBytes -= bytes;
	}

	/** What is in use now. */
	public synchronized Usage usage() {
		return new Usage(this.uploads, this.downloads, this.reservedBytes);
	}

	/**
	 * Bytes and transfers in use.
	 *
	 * @param uploads admitted uploads
	 * @param downloads admitted downloads
	 * @param reservedBytes bytes reserved by them
	 */
	public record Usage(int uploads, int downloads, long reservedBytes) {
	}

	/** One admitted transfer; closing it (any number of times) gives its share back. */
	public final class Permit implements AutoCloseable {

		private final boolean upload;

		private final long bytes;

		private final AtomicBoolean released = new AtomicBoolean();

		private Permit(boolean upload, long bytes) {
			this.upload = upload;
			this.bytes = bytes;
		}

		@Override
		public void close() {
			if (this.released.compareAndSet(false, true)) {
				release(this.upload, this.bytes);
			}
		}

	}

}
