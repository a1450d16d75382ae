package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.metadata.link.LinkTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing links: the same link until reset, a new one after, events with the hash and
 * never the token.
 */
class ShareLinkIntegrationTests extends IntegrationTestSupport {

	@Test
	void getReturnsTheSameLinkUntilResetAndEventsCarryOnlyTheHash() {
		String alice = unique("alice");
		UUID file = upload(alice, "plan.pdf", true, null);

		Map<?, ?> first = linkCall("POST", "/api/v1/files/{id}/share-link", alice, file);
		String url = (String) first.get("url");
		assertThat(url).matches("http://localhost:8080/s/[A-Za-z0-9_-]{43}");
		assertThat(first.containsKey("createdAt") && first.containsKey("expiresAt")).isTrue();
		assertThat(linkCall("POST", "/api/v1/files/{id}/share-link", alice, file).get("url")).isEqualTo(url);
		assertThat(linkCall("GET", "/api/v1/files/{id}/share-link", alice, file).get("url")).isEqualTo(url);

		// The file's JSON shows the link to a caller who may share, and not to one who
		// may only read.
		this.http.get()
			.uri("/api/v1/files/{id}", file)
			.header("Authorization", bearer(alice, SHARER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sharingLink.url")
			.isEqualTo(url);
		this.http.get()
			.uri("/api/v1/files/{id}", file)
			.header("Authorization", bearer(alice, USER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sharingLink")
			.doesNotExist();

		String token = url.substring(url.lastIndexOf('/') + 1);
		Map<?, ?> reset = linkCall("POST", "/api/v1/files/{id}/share-link/reset", alice, file);
		String newUrl = (String) reset.get("url");
		assertThat(newUrl).isNotEqualTo(url);
		assertThat(linkCall("POST", "/api/v1/files/{id}/share-link", alice, file).get("url")).isEqualTo(newUrl);
		String newToken = newUrl.substring(newUrl.lastIndexOf('/') + 1);

		List<Map<String, Object>> events = events(file);
		assertThat(events).extracting((e) -> e.get("event_type"))
			.containsExactly(EventTypes.FILE_UPLOADED, EventTypes.LINK_CREATED, EventTypes.LINK_RESET);
		String created = (String) events.get(1).get("payload");
		String resetEvent = (String) events.get(2).get("payload");
		EventSchemas.assertValid(EventTypes.LINK_CREATED, created);
		EventSchemas.assertValid(EventTypes.LINK_RESET, resetEvent);
		assertThat(created).contains(LinkTokens.hash(token)).doesNotContain(token);
		assertThat(resetEvent).contains(LinkTokens.hash(newToken)).doesNotContain(newToken).doesNotContain(token);

		// Stored encrypted: the token's text is nowhere in the table.
		String stored = this.db
			.sql("SELECT string_agg(token_ciphertext || token_hash, ',') AS s FROM share_links WHERE file_id = :id")
			.bind("id", file)
			.map((row) -> row.get("s", String.class))
			.one()
			.block();
		assertThat(stored).doesNotContain(token).doesNotContain(newToken);
	}

	@Test
	void revokeLeavesNoLinkAndEmitsLinkRevoked() {
		String alice = unique("alice");
		UUID file = upload(alice, "x.txt", true, null);
		linkCall("POST", "/api/v1/files/{id}/share-link", alice, file);
		this.http.delete()
			.uri("/api/v1/files/{id}/share-link", file)
			.header("Authorization", bearer(alice, SHARER))
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.exists("X-Revoked-Link-Id");
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}/share-link", file)
			.header("Authorization", bearer(alice, SHARER))
			.exchange(), 404, "NoSuchLink");
		assertThat(events(file)).extracting((e) -> e.get("event_type")).endsWith(EventTypes.LINK_REVOKED);
		EventSchemas.assertValid(EventTypes.LINK_REVOKED, (String) events(file).get(2).get("payload"));
	}

	@Test
	void onlyTheOwnerOrAnAdminWithTheShareScopeMayShare() {
		String alice = unique("alice");
		String bob = unique("bob");
		UUID privateFile = upload(alice, "secret.txt", true, null);
		UUID publicFile = upload(alice, "public.txt", false, null);
		// Without files:share: 403 even for the owner.
		expectProblem(this.http.post()
			.uri("/api/v1/files/{id}/share-link", privateFile)
			.header("Authorization", bearer(alice, USER))
			.exchange(), 403, "Forbidden");
		// Another user: someone else's private file does not exist for them; a public one
		// they may not share.
		expectProblem(this.http.post()
			.uri("/api/v1/files/{id}/share-link", privateFile)
			.header("Authorization", bearer(bob, SHARER))
			.exchange(), 404, "NoSuchFile");
		expectProblem(this.http.post()
			.uri("/api/v1/files/{id}/share-link", publicFile)
			.header("Authorization", bearer(bob, SHARER))
			.exchange(), 403, "Forbidden");
		// An admin may.
		this.http.post()
			.uri("/api/v1/files/{id}/share-link", privateFile)
			.header("Authorization", bearer(bob, READ, SHARE, ADMIN))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void deletingTheFileRevokesItsLink() {
		String alice = unique("alice");
		UUID file = upload(alice, "gone.txt", true, null);
		linkCall("POST", "/api/v1/files/{id}/share-link", alice, file);
		this.http.delete()
			.uri("/api/v1/files/{id}", file)
			.header("Authorization", bearer(alice, SHARER))
			.exchange()
			.expectStatus()
			.isNoContent();
		String state = this.db.sql("SELECT state FROM share_links WHERE file_id = :id")
			.bind("id", file)
			.map((row) -> row.get("state", String.class))
			.one()
			.block();
		assertThat(state).isEqualTo("REVOKED");
		expectProblem(this.http.post()
			.uri("/api/v1/files/{id}/share-link", file)
			.header("Authorization", bearer(alice, SHARER))
			.exchange(), 404, "NoSuchFile");
	}

	private Map<?, ?> linkCall(String method, String path, String owner, UUID file) {
		return shareLinkCall(this.http, method, path, owner, file);
	}

	private List<Map<String, Object>> events(UUID file) {
		return this.db
			.sql("SELECT event_type, payload::text AS payload FROM outbox WHERE aggregate_id = :id ORDER BY position")
			.bind("id", file)
			.fetch()
			.all()
			.collectList()
			.block();
	}

}
