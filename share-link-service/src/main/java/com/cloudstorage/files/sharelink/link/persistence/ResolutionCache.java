package com.cloudstorage.files.sharelink.link.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.cloudstorage.files.sharelink.link.ResolvedLink;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Active links this replica answers from memory, without a database round trip, and never
 * after a reset, revocation or deletion that a link-change wait has confirmed, on any
 * replica.
 * <p>
 * How: a token is served from memory only if the latest <em>validation</em> confirmed it.
 * A validation reads the database clock ({@code asOf}), then looks up every cached token
 * in the projection (a later snapshot, so it sees every change committed before
 * {@code asOf}), drops the dead ones from memory at once, records {@code asOf} in
 * {@code resolution_cache_replica} and only then lets the survivors be served. Its
 * confirmations are served for at most 0.8 × {@code lease} after the validation started
 * (this replica's clock; the validation started before {@code asOf} was read). The
 * link-change wait ({@link #fencePassed}) takes a mark of the database clock after it saw
 * the change, and answers once every registered replica has recorded a validation after
 * the mark, or the lease has run out since the mark: either way no replica can still
 * serve anything confirmed before the change. A replica registers before its first
 * validation; one whose row was pruned finds out when recording and re-registers without
 * trusting that validation, so it cannot slip in behind a wait.
 * <p>
 * Links whose change this replica's own consumer applies are also dropped right after the
 * commit ({@link #forgetLink}, {@link #forgetFile}), so on one replica a change shows at
 * once, as it did without the cache.
 */
@Component
@EnableConfigurationProperties(ResolutionCacheProperties.class)
public class ResolutionCache implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(ResolutionCache.class);

	/** Rows of replicas silent this long are removed (far beyond any lease). */
	private static final Duration PRUNE_AFTER = Duration.ofMinutes(1);

	private final DatabaseClient database;

	private final ResolutionCacheProperties properties;

	private final UUID replica = UUID.randomUUID();

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final long servingNanos;

	private volatile Validation current = Validation.NONE;

	private volatile boolean registered;

	private volatile @Nullable Disposable loop;

	ResolutionCache(DatabaseClient database, ResolutionCacheProperties properties) {
		this.database = database;
		this.properties = properties;
		// Serve a little shorter than the lease the others count with: clocks run at
		// slightly different rates.
		this.servingNanos = properties.lease().toNanos() / 10 * 8;
	}

	/**
	 * Whether this replica would answer the token from memory right now (for tests and
	 * diagnostics).
	 */
	public boolean serves(String tokenHash) {
		return cached(tokenHash) != null;
	}

	/** The confirmed resolution of an active link, or {@code null}: ask the database. */
	@Nullable ResolvedLink cached(String tokenHash) {
		Entry entry = this.entries.get(tokenHash);
		if (entry == null) {
			return null;
		}
		Validation validation = this.current;
		long now = System.nanoTime();
		if (entry.confirmedBy != validation.number || now - validation.startedNanos >= this.servingNanos) {
			return null;
		}
		Resolution resolution = entry.resolution;
		if (resolution.expiredAt(Instant.now())) {
			return null;
		}
		entry.usedNanos = now;
		return resolution.link();
	}

	/**
	 * Keeps a resolution the database just gave; it is served only once a validation has
	 * confirmed it.
	 */
	void remember(Resolution resolution) {
		if (this.properties.enabled() && this.entries.size() < this.properties.maxEntries()) {
			this.entries.putIfAbsent(resolution.tokenHash(), new Entry(resolution, System.nanoTime()));
		}
	}

	/** Called after this replica committed a change that kills the link. */
	void forgetLink(UUID linkId) {
		this.entries.values().removeIf((entry) -> entry.resolution.linkId().equals(linkId));
	}

	/** Called after this replica committed the deletion of the file. */
	void forgetFile(UUID fileId) {
		this.entries.values().removeIf((entry) -> entry.resolution.fileId().equals(fileId));
	}

	/**
	 * The database clock now: the mark a link-change wait hands to {@link #fencePassed}.
	 */
	Mono<Instant> mark() {
		// The clock at execution, not now() (the transaction's start): a mark must lie
		// after what the caller saw, and a validation's asOf after it started.
		return this.database.sql("SELECT clock_timestamp() AS mark")
			.map((row) -> row.get("mark", OffsetDateTime.class).toInstant())
			.one();
	}

	/**
	 * True once no replica can serve from memory anything it confirmed before the mark.
	 */
	Mono<Boolean> fencePassed(Instant mark) {
		return this.database
			.sql("""
					SELECT NOT EXISTS (SELECT 1 FROM resolution_cache_replica
					  WHERE validated_as_of <= :mark AND clock_timestamp() <= :mark + lease_ms * interval '1 millisecond') AS passed""")
			.bind("mark", mark)
			.map((row) -> Boolean.TRUE.equals(row.get("passed", Boolean.class)))
			.one();
	}

	/**
	 * One validation: see the class comment for why the steps come in this order.
	 */
	Mono<Void> validate() {
		long started = System.nanoTime();
		Map<String, Entry> snapshot = new HashMap<>();
		long idleNanos = this.properties.idleAfter().toNanos();
		this.entries.forEach((hash, entry) -> {
			if (started - entry.usedNanos > idleNanos) {
				this.entries.remove(hash, entry);
			}
			else {
				snapshot.put(hash, entry);
			}
		});
		Mono<Void> registration = this.registered ? Mono.empty() : register();
		return registration.then(mark()).flatMap((asOf) -> alive(snapshot).flatMap((alive) -> {
			snapshot.forEach((hash, entry) -> {
				if (!alive.containsKey(hash)) {
					this.entries.remove(hash, entry);
				}
			});
			return record(asOf).flatMap((recorded) -> {
				if (!recorded) {
					// Pruned while silent: a wait may already have passed without us.
					// Register anew and trust only validations after that.
					this.registered = false;
					return Mono.empty();
				}
				long number = this.current.number + 1;
				alive.forEach((hash, resolution) -> {
					Entry entry = snapshot.get(hash);
					if (entry != null && this.entries.get(hash) == entry) {
						entry.resolution = resolution;
						entry.confirmedBy = number;
					}
				});
				this.current = new Validation(number, started);
				return (number % 100 == 0) ? prune() : Mono.empty();
			});
		}));
	}

	private Mono<Map<String, Resolution>> alive(Map<String, Entry> snapshot) {
		if (snapshot.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.database.sql(Resolution.SELECT + "l.token_hash = ANY(CAST(:hashes AS CHAR(64)[]))")
			.bind("hashes", snapshot.keySet().toArray(String[]::new))
			.map(Resolution::of)
			.all()
			.collectMap(Resolution::tokenHash);
	}

	private Mono<Void> register() {
		return this.database.sql("""
				INSERT INTO resolution_cache_replica (replica_id, validated_as_of, lease_ms) VALUES (:id, now(), :lease)
				ON CONFLICT (replica_id) DO UPDATE SET validated_as_of = now(), lease_ms = excluded.lease_ms""")
			.bind("id", this.replica)
			.bind("lease", (int) this.properties.lease().toMillis())
			.then()
			.doOnSuccess((ignored) -> this.registered = true);
	}

	private Mono<Boolean> record(Instant asOf) {
		return this.database.sql("UPDATE resolution_cache_replica SET validated_as_of = :asOf WHERE replica_id = :id")
			.bind("asOf", asOf)
			.bind("id", this.replica)
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	private Mono<Void> prune() {
		return this.database
			.sql("DELETE FROM resolution_cache_replica WHERE validated_as_of < now() - :after * interval '1 second'")
			.bind("after", (int) PRUNE_AFTER.toSeconds())
			.then();
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		Duration interval = this.properties.validationInterval();
		this.loop = Mono.defer(this::validate).timeout(this.properties.lease()).onErrorResume((ex) -> {
			LOG.warn("Could not validate the resolution cache; serving from the database until it works: {}",
					ex.toString());
			return Mono.empty();
		}).then(Mono.delay(interval)).repeat().subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.loop;
		this.loop = null;
		this.current = Validation.NONE;
		this.entries.clear();
		if (running != null) {
			running.dispose();
			try {
				// Leaving: waits need not count with this replica's lease any more.
				this.database.sql("DELETE FROM resolution_cache_replica WHERE replica_id = :id")
					.bind("id", this.replica)
					.then()
					.block(Duration.ofSeconds(5));
			}
			catch (RuntimeException ex) {
				LOG.info("Could not unregister the resolution cache (pruned later): {}", ex.toString());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	@Override
	public int getPhase() {
		// Stops before the database pool closes.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	/** Which validation confirmed what; number 0 confirms nothing. */
	private record Validation(long number, long startedNanos) {

		static final Validation NONE = new Validation(0, 0);

	}

	private static final class Entry {

		volatile Resolution resolution;

		volatile long confirmedBy = -1;

		volatile long usedNanos;

		Entry(Resolution resolution, long usedNanos) {
			this.resolution = resolution;
			this.usedNanos = usedNanos;
		}

	}

}
