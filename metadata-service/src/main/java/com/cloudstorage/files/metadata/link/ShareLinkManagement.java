package com.cloudstorage.files.metadata.link;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.OperationForbiddenException;
import com.cloudstorage.files.metadata.file.StoredFile;
import com.cloudstorage.files.metadata.link.ShareLinks.StoredLink;
import com.cloudstorage.files.metadata.outbox.Outbox;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Creating, showing, resetting and revoking a file's sharing link. Only callers with
 * {@code files:share} who may manage the file (owner, admin) see or change it. Every
 * change writes its event to the outbox in the same transaction, under the file's row
 * lock, so two resets of one file cannot interleave.
 */
@Service
@EnableConfigurationProperties(LinkProperties.class)
public class ShareLinkManagement {

	public static final String SHARE_SCOPE = Scopes.FILES_SHARE;

	private static final Logger LOG = LoggerFactory.getLogger(ShareLinkManagement.class);

	private final FileManagement files;

	private final ShareLinks links;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	private final LinkProperties properties;

	private final LinkTokens tokens;

	public ShareLinkManagement(FileManagement files, ShareLinks links, Outbox outbox,
			TransactionalOperator transactions, LinkProperties properties) {
		this.files = files;
		this.links = links;
		this.outbox = outbox;
		this.transactions = transactions;
		this.properties = properties;
		this.tokens = new LinkTokens(properties);
	}

	/** The public URL of a link. */
	public String url(ShareLink link) {
		return this.properties.urlOf(link.token());
	}

	/** Whether the caller may see and change the file's link. */
	public static boolean mayShare(Caller caller, StoredFile file) {
		return caller.scopes().contains(SHARE_SCOPE) && caller.mayManage(file.owner());
	}

	/**
	 * The live link, created if there is none; the same link every time until it is reset
	 * or revoked.
	 */
	public Mono<ShareLink> getOrCreate(Caller caller, UUID fileId) {
		return this.transactions.transactional(sharable(caller, fileId).flatMap((file) -> this.links.findActive(fileId)
			.flatMap((current) -> expired(current) ? replace(caller, file, current) : Mono.just(view(current, null)))
			.switchIfEmpty(Mono.defer(() -> create(caller, file)))));
	}

	/** The live link, if any (and if the caller may share the file). */
	public Mono<ShareLink> current(Caller caller, UUID fileId) {
		return this.files.get(caller, fileId)
			.filter((file) -> mayShare(caller, file))
			.flatMap((file) -> this.links.findActive(fileId))
			.filter((link) -> !expired(link))
			.map((link) -> view(link, null));
	}

	/** Kills the current link at once and returns a new one. */
	public Mono<ShareLink> reset(Caller caller, UUID fileId) {
		return this.transactions.transactional(sharable(caller, fileId).flatMap((file) -> this.links.findActive(fileId)
			.flatMap((current) -> replace(caller, file, current))
			.switchIfEmpty(Mono.defer(() -> create(caller, file)))));
	}

	/** Kills the current link without a replacement; returns the revoked link's id. */
	public Mono<UUID> revoke(Caller caller, UUID fileId) {
		return this.transactions.transactional(sharable(caller, fileId).flatMap((file) -> this.links.findActive(fileId)
			.switchIfEmpty(Mono.error(() -> new NoSuchLinkException(fileId)))
			.flatMap((current) -> this.links.revoke(current.id())
				.then(this.outbox.append(fileId, EventTypes.LINK_REVOKED,
						new LinkRevoked(fileId, current.id(), caller.subject())))
				.doOnEach(
						Traced.onComplete(() -> LOG.info("Revoked sharing link {} of file {}.", current.id(), fileId)))
				.thenReturn(current.id()))));
	}

	private Mono<StoredFile> sharable(Caller caller, UUID fileId) {
		return this.files.lockReadable(caller, fileId)
			.flatMap((file) -> mayShare(caller, file) ? Mono.just(file) : Mono.error(new OperationForbiddenException(
					"Only the owner or an admin with files:share may share this file.")));
	}

	private Mono<ShareLink> create(Caller caller, StoredFile file) {
		NewLink link = newLink();
		return this.links
			.insert(link.id, file.id(), LinkTokens.hash(link.token), this.tokens.encrypt(link.id, link.token),
					caller.subject(), link.createdAt, link.expiresAt)
			.then(this.outbox.append(file.id(), EventTypes.LINK_CREATED,
					new LinkCreated(file.id(), link.id, LinkTokens.hash(link.token), caller.subject(), link.expiresAt)))
			.doOnEach(Traced.onComplete(() -> LOG.info("Created sharing link {} for file {}.", link.id, file.id())))
			.thenReturn(new ShareLink(link.id, file.id(), link.token, link.createdAt, link.expiresAt, null));
	}

	private Mono<ShareLink> replace(Caller caller, StoredFile file, StoredLink current) {
		NewLink link = newLink();
		return this.links.revoke(current.id())
			.then(this.links.insert(link.id, file.id(), LinkTokens.hash(link.token),
					this.tokens.encrypt(link.id, link.token), caller.subject(), link.createdAt, link.expiresAt))
			.then(this.outbox.append(file.id(), EventTypes.LINK_RESET,
					new LinkReset(file.id(), current.id(), link.id, LinkTokens.hash(link.token), caller.subject(),
							link.expiresAt)))
			.doOnEach(Traced.onComplete(
					() -> LOG.info("Reset sharing link of file {}: {} replaced {}.", file.id(), link.id, current.id())))
			.thenReturn(new ShareLink(link.id, file.id(), link.token, link.createdAt, link.expiresAt, current.id()));
	}

	private NewLink newLink() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant expiresAt = (this.properties.ttl() != null) ? now.plus(this.properties.ttl()) : null;
		return new NewLink(UUID.randomUUID(), this.tokens.newToken(), now, expiresAt);
	}

	private ShareLink view(StoredLink link, @Nullable UUID replaced) {
		return new ShareLink(link.id(), link.fileId(), this.tokens.decrypt(link.id(), link.ciphertext()),
				link.createdAt(), link.expiresAt(), replaced);
	}

	private static boolean expired(StoredLink link) {
		return link.expiresAt() != null && !link.expiresAt().isAfter(Instant.now());
	}

	private record NewLink(UUID id, String token, Instant createdAt, @Nullable Instant expiresAt) {
	}

}
