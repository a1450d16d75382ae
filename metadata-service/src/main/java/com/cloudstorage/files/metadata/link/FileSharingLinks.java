package com.cloudstorage.files.metadata.link;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.file.SharingLinks;
import com.cloudstorage.files.metadata.file.StoredFile;

import org.springframework.stereotype.Component;

/**
 * The link feature's side of the file feature's {@link SharingLinks} port: the link
 * feature alone reads and writes {@code share_links}.
 */
@Component
class FileSharingLinks implements SharingLinks {

	private final ShareLinks links;

	private final LinkTokens tokens;

	private final String urlPrefix;

	FileSharingLinks(ShareLinks links, LinkProperties properties) {
		this.links = links;
		this.tokens = new LinkTokens(properties);
		// Once, not a regular expression per GET.
		this.urlPrefix = properties.urlOf("");
	}

	@Override
	public Mono<List<UUID>> revokeAllOf(UUID fileId) {
		// share-link-service drops them on FileDeleted too; no LinkRevoked per link.
		return this.links.revokeAll(fileId).collectList();
	}

	@Override
	public Mono<LinkSummary> currentOf(Caller caller, StoredFile file) {
		if (!ShareLinkManagement.mayShare(caller, file)) {
			return Mono.empty();
		}
		return this.links.findActive(file.id())
			.filter((link) -> link.expiresAt() == null || link.expiresAt().isAfter(Instant.now()))
			.map((link) -> new LinkSummary(this.urlPrefix + this.tokens.decrypt(link.id(), link.ciphertext()),
					link.createdAt(), link.expiresAt()));
	}

}
