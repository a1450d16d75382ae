package com.cloudstorage.files.metadata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.metadata.document.DocumentManagement;
import com.cloudstorage.files.metadata.file.AttachmentNotFoundException;
import com.cloudstorage.files.metadata.file.Completion;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileAttachedToSubmittedDocumentException;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.NewUpload;
import com.cloudstorage.files.metadata.file.NoSuchFileException;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of random interleavings of attach, detach, submit and delete on real
 * PostgreSQL. After every round: no DELETED file is attached to anything, a submitted
 * document's attachments are all AVAILABLE, and no file was deleted while attached to a
 * document that was submitted before the delete committed. The last is judged inside
 * PostgreSQL: a trigger remembers the attachments a delete saw, and a deferred trigger
 * checks at the delete's commit whether one of those documents is submitted by then.
 */
class DeleteRaceIntegrationTests extends IntegrationTestSupport {

	private static final int ROUNDS = 200;

	/**
	 * Bounds the run time on a loaded machine (200 rounds took 111 s at load average 36).
	 */
	private static final Duration BUDGET = Duration.ofSeconds(25);

	private static final Logger LOG = LoggerFactory.getLogger(DeleteRaceIntegrationTests.class);

	private static final String TYPE = "RaceDoc";

	private static final String OWNER = "race-owner";

	private static final Caller CALLER = new Caller(OWNER, Set.of(READ, WRITE, DELETE));

	private static final Set<Class<?>> EXPECTED_REFUSALS = Set.of(NoSuchFileException.class,
			FileAttachedToSubmittedDocumentException.class, AttachmentNotFoundException.class);

	@Autowired
	FileManagement files;

	@Autowired
	DocumentManagement documents;

	private static boolean oracleInstalled;

	/** After the context started, so that Flyway has created the tables. */
	@BeforeEach
	void installOracle() {
		if (oracleInstalled) {
			return;
		}
		oracleInstalled = true;
		execute("""
				CREATE TABLE race_deleted_attachment (file_id uuid, doc_type text, doc_name text);
				CREATE TABLE race_violation (file_id uuid, doc_name text);
				CREATE FUNCTION race_remember() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  INSERT INTO race_deleted_attachment SELECT a.file_id, a.doc_type, a.doc_name
				  FROM file_attachments a WHERE a.file_id = NEW.id AND a.doc_type = 'RaceDoc';
				  RETURN NULL;
				END $$;
				CREATE FUNCTION race_check() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  INSERT INTO race_violation SELECT r.file_id, r.doc_name FROM race_deleted_attachment r
				  JOIN documents d ON d.doc_type = r.doc_type AND d.doc_name = r.doc_name
				  WHERE r.file_id = NEW.id AND d.status = 'submitted';
				  RETURN NULL;
				END $$;
				CREATE TRIGGER race_remember AFTER UPDATE OF status ON files FOR EACH ROW
				  WHEN (NEW.status = 'DELETED' AND OLD.status <> 'DELETED') EXECUTE FUNCTION race_remember();
				CREATE CONSTRAINT TRIGGER race_check AFTER UPDATE OF status ON files
				  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
				  WHEN (NEW.status = 'DELETED' AND OLD.status <> 'DELETED') EXECUTE FUNCTION race_check();
				""");
	}

	@AfterAll
	static void removeOracle() {
		execute("""
				DROP TRIGGER IF EXISTS race_check ON files;
				DROP TRIGGER IF EXISTS race_remember ON files;
				DROP FUNCTION IF EXISTS race_check();
				DROP FUNCTION IF EXISTS race_remember();
				DROP TABLE IF EXISTS race_violation;
				DROP TABLE IF EXISTS race_deleted_attachment;
				""");
	}

	@Test
	void attachDetachSubmitAndDeleteNeverBreakTheDeleteRule() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		long deadline = System.nanoTime() + BUDGET.toNanos();
		int round = 0;
		for (; round < ROUNDS && System.nanoTime() < deadline; round++) {
			String tag = "r" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
			DocumentRef first = new DocumentRef(TYPE, tag + "-a");
			DocumentRef second = new DocumentRef(TYPE, tag + "-b");
			// The second document is sometimes unknown until it is submitted: no row to
			// lock.
			this.documents.put(TYPE, first.name(), "draft").block();
			if (random.nextBoolean()) {
				this.documents.put(TYPE, second.name(), "draft").block();
			}
			UUID file = this.files.reserve(CALLER, new NewUpload("race.txt", null, true, null, List.of(first)))
				.block()
				.fileId();
			this.files.complete(CALLER, file, new Completion("files", 1L, "a".repeat(64), null, null, null, null))
				.block();

			List<Mono<?>> operations = new ArrayList<>(List.of(this.files.delete(CALLER, file, false),
					this.documents.put(TYPE, first.name(), "submitted"),
					this.documents.put(TYPE, second.name(), "submitted"), this.files.attach(CALLER, file, second),
					this.files.detach(CALLER, file, first), this.files.attach(CALLER, file, first)));
			List<Mono<?>> shuffled = new ArrayList<>();
			for (Mono<?> operation : operations) {
				if (random.nextInt(4) > 0) {
					Duration delay = Duration.ofNanos(random.nextInt(3_000_000));
					shuffled.add(Mono.delay(delay).then(operation).onErrorResume(this::expectedRefusal));
				}
			}
			Flux.merge(shuffled).then().block(Duration.ofSeconds(30));

			String context = "round " + round + " (seed " + seed + ")";
			assertThat(count("""
					SELECT count(*) AS n FROM file_attachments a JOIN files f ON f.id = a.file_id
					WHERE f.id = :file AND f.status = 'DELETED'""", file)).as("deleted file attached, " + context)
				.isZero();
			assertThat(count("""
					SELECT count(*) AS n FROM file_attachments a
					JOIN documents d ON d.doc_type = a.doc_type AND d.doc_name = a.doc_name
					JOIN files f ON f.id = a.file_id
					WHERE f.id = :file AND d.status = 'submitted' AND f.status <> 'AVAILABLE'""", file))
				.as("submitted document with a file that is not AVAILABLE, " + context)
				.isZero();
			assertThat(count("SELECT count(*) AS n FROM race_violation WHERE file_id = :file", file))
				.as("deleted while attached to a document submitted before the delete committed, " + context)
				.isZero();
		}
		LOG.info("{} rounds of attach/detach/submit/delete checked (seed {}).", round, seed);
	}

	private <T> Mono<T> expectedRefusal(Throwable ex) {
		return EXPECTED_REFUSALS.contains(ex.getClass()) ? Mono.empty() : Mono.error(ex);
	}

	private long count(String sql, UUID file) {
		return this.db.sql(sql).bind("file", file).map((row) -> row.get("n", Long.class)).one().block();
	}

	private static void execute(String sql) {
		PostgresServer postgres = TestInfrastructure.postgres();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("metadata"), PostgresServer.USER,
				PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not set up the race oracle", ex);
		}
	}

}
