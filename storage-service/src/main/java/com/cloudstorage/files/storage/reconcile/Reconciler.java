package com.cloudstorage.files.storage.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.events.v1.StoredObjectMissing;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.cleanup.FileCatalogue;
import com.cloudstorage.files.storage.cleanup.ObjectCleanup;
import com.cloudstorage.files.storage.cleanup.StorageKeys;
import com.cloudstorage.files.storage.cleanup.WorkerProperties;
import com.cloudstorage.files.storage.object.ListedObject;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.object.OpenMultipartUpload;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.stereotype.Service;

/**
 * Compares a provider's bucket (under the key prefix) with storage's own catalogue view,
 * never with another service's tables:
 * <ul>
 * <li>an object older than the orphan age whose key no available file (view) and no open
 * upload ({@code upload_session}) owns, and that this service did not write while the
 * view has not heard of its key ({@code written_object}), is removed, all versions;</li>
 * <li>a multipart upload older than the orphan age is aborted;</li>
 * <li>a file that was available before the listing began but whose bytes are not in the
 * bucket is reported: a log line, the gauge {@code storage.reconcile.missing}, a
 * {@code StoredObjectMissing} event on {@code storage.v1} (counted by
 * {@code storage.reconcile.missing.published}), and the report. Every run that still
 * finds it reports it again.</li>
 * </ul>
 * Each run counts in {@code storage.reconcile.runs} and sets
 * {@code storage.reconcile.orphans} (orphans found, removed or not).
 * <p>
 * Objects written before the view began ({@code catalogue_view.complete_since}) are never
 * removed: files uploaded before then are unknown to the view. When more orphans are
 * found than {@code max-deletions}, none is removed: that many orphans more likely means
 * an incomplete view than garbage.
 */
@Service
public class Reconciler {

	private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

	private static final int MISSING_LISTED = 100;

	private final ObjectStore store;

	private final FileCatalogue catalogue;

	private final UploadSessions sessions;

	private final ObjectCleanup cleanup;

	private final StorageKeys keys;

	private final StorageProperties storage;

	private final WorkerProperties.Reconcile policy;

	private final ReconcileEvents events;

	private final MeterRegistry meters;

	private final Map<String, AtomicLong> missingGauges = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> orphanGauges = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	Reconciler(ObjectStore store, FileCatalogue catalogue, UploadSessions sessions, ObjectCleanup cleanup,
			StorageKeys keys, StorageProperties storage, WorkerProperties workers, ReconcileEvents events,
			MeterRegistry meters) {
		this.store = store;
		this.catalogue = catalogue;
		this.sessions = sessions;
		this.cleanup = cleanup;
		this.keys = keys;
		this.storage = storage;
		this.policy = workers.reconcile();
		this.events = events;
		this.meters = meters;
	}

	/** The profiles reconciled on schedule: the configured ones, or the default one. */
	public List<String> providers() {
		return this.policy.providers().isEmpty() ? List.of(this.storage.defaultProvider()) : this.policy.providers();
	}

	public boolean isConfigured(String provider) {
		return this.storage.providers().containsKey(provider);
	}

	/** Reconciles one provider. */
	public Mono<ReconcileReport> reconcile(String provider) {
		return Mono.defer(() -> {
			Instant started = this.clock.instant();
			String prefix = this.keys.listingPrefix();
			return this.catalogue.completeSince()
				.zipWith(this.store.list(provider, prefix).collectList())
				.flatMap((viewAndObjects) -> reconcile(provider, prefix, started, viewAndObjects.getT1(),
						viewAndObjects.getT2()));
		});
	}

	private Mono<ReconcileReport> reconcile(String provider, String prefix, Instant started, Instant viewCompleteSince,
			List<ListedObject> objects) {
		Instant cutoff = started.minus(this.policy.orphanAge());
		List<ListedObject> judged = objects.stream()
			.filter((object) -> !object.lastModified().isBefore(viewCompleteSince))
			.toList();
		int predating = objects.size() - judged.size();
		Mono<Void> warned = (predating == 0) ? Mono.empty()
				: Traced.log(() -> LOG.warn(
						"Reconciler leaves {} objects in {} written before the catalogue view"
								+ " began ({}): it cannot tell whether a file owns them.",
						predating, provider, viewCompleteSince));
		return warned.then(orphans(provider, judged, cutoff).collectList())
			.flatMap((orphans) -> removeOrphans(provider, orphans)
				.flatMap((removed) -> abortStaleUploads(provider, prefix, cutoff)
					.flatMap((aborted) -> missing(provider, objects, started)
						.flatMap((missing) -> Mono.deferContextual((context) -> {
							// Log line and gauge first: a broker that is down must not
							// delay them.
							ReconcileReport report = Traced.supply(context, () -> report(provider, started, objects,
									orphans, removed, aborted, missing, predating));
							return publishMissing(provider, missing, started).thenReturn(report);
						})))));
	}

	private Flux<String> orphans(String provider, List<ListedObject> objects, Instant cutoff) {
		return Flux.fromIterable(objects)
			.filter((object) -> object.lastModified().isBefore(cutoff))
			.map(ListedObject::key)
			.concatMap((key) -> owned(provider, key).filter((owned) -> !owned).map((notOwned) -> key));
	}

	private Mono<Boolean> owned(String provider, String key) {
		return this.catalogue.isAvailable(provider, key)
			.flatMap((available) -> available ? Mono.just(true)
					: this.sessions.forKey(provider, key)
						.hasElements()
						.flatMap((open) -> open ? Mono.just(true) : awaitingItsEvent(provider, key)));
	}

	/**
	 * Bytes this service wrote whose file the view has not heard of yet: their
	 * FileUploaded or FileUploadExpired may wait in metadata-service's outbox or in Kafka
	 * (an outage, a lagging consumer), so only that event decides. Once the view knows
	 * the key, the record of the write is no longer needed.
	 */
	private Mono<Boolean> awaitingItsEvent(String provider, String key) {
		return this.catalogue.isKnown(provider, key)
			.flatMap((known) -> known ? this.sessions.forgetWritten(provider, key).thenReturn(false)
					: this.sessions.wasWritten(provider, key));
	}

	private Mono<Integer> removeOrphans(String provider, List<String> orphans) {
		if (orphans.size() > this.policy.maxDeletions()) {
			return Traced.log(() -> LOG.error(
					"Reconciler found {} orphans in {}, more than max-deletions {}: removed none."
							+ " Check that the catalogue view is complete.",
					orphans.size(), provider, this.policy.maxDeletions()))
				.thenReturn(0);
		}
		// Owned-ness is checked again right before each removal: an upload may have
		// completed since.
		return Flux.fromIterable(orphans)
			.concatMap((key) -> owned(provider, key).flatMap((owned) -> owned ? Mono.just(0)
					: this.cleanup.removeBytes(provider, key)
						.doOnEach(
								Traced.onComplete(() -> LOG.info("Reconciler removed orphan {} in {}.", key, provider)))
						.thenReturn(1)))
			.reduce(0, Integer::sum)
			.doOnNext((removed) -> this.meters.counter("storage.reconcile.orphans.removed", "provider", provider)
				.increment(removed));
	}

	private Mono<Integer> abortStaleUploads(String provider, String prefix, Instant cutoff) {
		String bucket = this.storage.providers().get(provider).bucket();
		return this.store.listMultipartUploads(provider, prefix)
			.filter((upload) -> upload.initiated().isBefore(cutoff))
			.concatMap((upload) -> abort(provider, bucket, upload))
			.reduce(0, Integer::sum)
			.doOnNext((aborted) -> this.meters.counter("storage.reconcile.uploads.aborted", "provider", provider)
				.increment(aborted));
	}

	private Mono<Integer> abort(String provider, String bucket, OpenMultipartUpload upload) {
		return this.store.abortMultipartUpload(provider, bucket, upload.key(), upload.uploadId())
			.then(this.sessions.ended(upload.uploadId()))
			.doOnEach(Traced.onComplete(
					() -> LOG.info("Reconciler aborted stale multipart upload of {} in {}.", upload.key(), provider)))
			.thenReturn(1);
	}

	private Mono<List<String>> missing(String provider, List<ListedObject> objects, Instant listingStarted) {
		Set<String> present = new HashSet<>();
		objects.forEach((object) -> present.add(object.key()));
		return this.catalogue.availableBefore(provider, listingStarted)
			.filter((key) -> !present.contains(key))
			// Deleted since the listing? Then it is no longer available.
			.concatMap((key) -> this.catalogue.isAvailable(provider, key).filter(Boolean::booleanValue).map((a) -> key))
			.collectList();
	}

	/**
	 * One {@code StoredObjectMissing} per missing file, one after the other; stops at the
	 * first failure (the broker is most likely down for the others too) without failing
	 * the reconciliation: the next run finds and publishes them again.
	 */
	private Mono<Void> publishMissing(String provider, List<String> missing, Instant listingStarted) {
		String bucket = this.storage.providers().get(provider).bucket();
		Counter published = this.meters.counter("storage.reconcile.missing.published", "provider", provider);
		return Flux.fromIterable(missing).concatMap((key) -> {
			UUID fileId = this.keys.fileIdOf(key);
			if (fileId == null) {
				// The view only holds keys of that form; nothing to name the file by.
				return Traced.log(
						() -> LOG.warn("Reconciler cannot publish missing {} in {}: not a file's key.", key, provider));
			}
			return this.events.objectMissing(new StoredObjectMissing(fileId, provider, bucket, key, listingStarted))
				.doOnSuccess((sent) -> published.increment());
		})
			.then()
			.onErrorResume((ex) -> Traced.log(() -> LOG.warn(
					"Reconciler could not publish all missing files of {} (the next run publishes them again): {}",
					provider, ex.toString())));
	}

	private ReconcileReport report(String provider, Instant started, List<ListedObject> objects, List<String> orphans,
			int removed, int aborted, List<String> missing, int predating) {
		this.missingGauges
			.computeIfAbsent(provider,
					(name) -> this.meters.gauge("storage.reconcile.missing", Tags.of("provider", name),
							new AtomicLong()))
			.set(missing.size());
		this.orphanGauges
			.computeIfAbsent(provider,
					(name) -> this.meters.gauge("storage.reconcile.orphans", Tags.of("provider", name),
							new AtomicLong()))
			.set(orphans.size());
		this.meters.counter("storage.reconcile.runs", "provider", provider).increment();
		for (String key : missing.subList(0, Math.min(missing.size(), MISSING_LISTED))) {
			LOG.error("Reconciler: file {} in {} is available but its bytes are missing.", key, provider);
		}
		boolean refused = orphans.size() > this.policy.maxDeletions();
		LOG.info("Reconciled {}: {} objects, {} orphans ({} removed{}), {} stale uploads aborted, {} missing.",
				provider, objects.size(), orphans.size(), removed, refused ? ", removal refused" : "", aborted,
				missing.size());
		return new ReconcileReport(provider, started, objects.size(), orphans.size(), removed, aborted,
				new ArrayList<>(missing.subList(0, Math.min(missing.size(), MISSING_LISTED))), missing.size(), refused,
				predating);
	}

}
