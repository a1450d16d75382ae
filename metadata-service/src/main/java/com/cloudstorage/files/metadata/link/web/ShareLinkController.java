package com.cloudstorage.files.metadata.link.web;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.link.NoSuchLinkException;
import com.cloudstorage.files.metadata.link.ShareLink;
import com.cloudstorage.files.metadata.link.ShareLinkManagement;
import com.cloudstorage.files.metadata.security.Callers;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A file's sharing link. Answers carry the link ids in {@value #LINK_ID} /
 * {@value #REVOKED_LINK_ID} headers for the gateway, which waits until share-link-service
 * has applied the change (and drops the headers) before it answers.
 */
@RestController
@RequestMapping("/api/v1/files/{id}/share-link")
class ShareLinkController {

	static final String LINK_ID = "X-Link-Id";

	static final String REVOKED_LINK_ID = "X-Revoked-Link-Id";

	private final ShareLinkManagement links;

	ShareLinkController(ShareLinkManagement links) {
		this.links = links;
	}

	@PostMapping
	Mono<ResponseEntity<ShareLinkResponse>> getOrCreate(Authentication authentication, @PathVariable UUID id) {
		return this.links.getOrCreate(caller(authentication), id).map(this::answer);
	}

	@GetMapping
	Mono<ResponseEntity<ShareLinkResponse>> current(Authentication authentication, @PathVariable UUID id) {
		return this.links.current(caller(authentication), id)
			.switchIfEmpty(Mono.error(() -> new NoSuchLinkException(id)))
			.map(this::answer);
	}

	@PostMapping("/reset")
	Mono<ResponseEntity<ShareLinkResponse>> reset(Authentication authentication, @PathVariable UUID id) {
		return this.links.reset(caller(authentication), id).map(this::answer);
	}

	@DeleteMapping
	Mono<ResponseEntity<Void>> revoke(Authentication authentication, @PathVariable UUID id) {
		return this.links.revoke(caller(authentication), id)
			.map((revoked) -> ResponseEntity.noContent().header(REVOKED_LINK_ID, revoked.toString()).<Void>build());
	}

	private ResponseEntity<ShareLinkResponse> answer(ShareLink link) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.ok().header(LINK_ID, link.id().toString());
		if (link.replacedLinkId() != null) {
			builder.header(REVOKED_LINK_ID, link.replacedLinkId().toString());
		}
		return builder.body(new ShareLinkResponse(this.links.url(link), link.createdAt(), link.expiresAt()));
	}

	private static Caller caller(Authentication authentication) {
		return Callers.of(authentication);
	}

	/** What the caller sees: the link, never its id or hash. */
	record ShareLinkResponse(String url, Instant createdAt, @Nullable Instant expiresAt) {
	}

}
