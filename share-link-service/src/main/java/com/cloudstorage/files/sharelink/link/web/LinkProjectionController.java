package com.cloudstorage.files.sharelink.link.web;

import java.time.Duration;
import java.util.UUID;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-your-writes for link changes: the gateway waits here until the projection shows a
 * reset or revoked link as dead (and a new one as live) before it answers the user, so an
 * old link never works after the reset returned. All replicas resolve from the one shared
 * projection database, and a revocation is answered only once no replica can still answer
 * the dead link from memory (the resolution cache's fence), so the answer of any replica
 * holds for all of them.
 */
@RestController
class LinkProjectionController {

	private static final Duration POLL = Duration.ofMillis(20);

	private final ShareLinks links;

	LinkProjectionController(ShareLinks links) {
		this.links = links;
	}

	@GetMapping(path = "/internal/v1/links/await", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<String>> await(@RequestParam(required = false) UUID active,
			@RequestParam(required = false) UUID revoked, @RequestParam(defaultValue = "5000") long timeoutMs) {
		if (active == null && revoked == null) {
			// Nothing to wait for is a caller's mistake, not a change that was applied.
			return Mono.error(Problem.of(ProblemCode.INVALID_REQUEST, "Name the link to wait for: active or revoked.")
				.exception());
		}
		Duration timeout = Duration.ofMillis(Math.min(Math.max(timeoutMs, 0), 30_000));
		Mono<Boolean> applied = Mono
			.defer(() -> Mono.zip(matches(active, "ACTIVE"), matches(revoked, "REVOKED"), Boolean::logicalAnd));
		// Poll after each answer (never on a fixed clock), so a slow query delays the
		// next check instead of piling up.
		Mono<Boolean> seen = applied.filter(Boolean::booleanValue)
			.repeatWhenEmpty((attempts) -> attempts.delayElements(POLL));
		// A dead link may still sit in another replica's memory: wait until none can
		// answer from memory what it confirmed before this point.
		Mono<Boolean> everywhere = (revoked == null) ? seen
				: seen.then(Mono.defer(this.links::fence))
					.flatMap((fence) -> Mono.defer(() -> this.links.fencePassed(fence))
						.filter(Boolean::booleanValue)
						.repeatWhenEmpty((attempts) -> attempts.delayElements(POLL)));
		return everywhere.map((ok) -> ResponseEntity.ok("{\"applied\":true}"))
			.timeout(timeout,
					Mono.error(() -> Problem.of(ProblemCode.PROJECTION_LAG, "The link change is not applied yet.")
						.retryAfter(Duration.ofSeconds(1))
						.exception()));
	}

	private Mono<Boolean> matches(UUID linkId, String state) {
		if (linkId == null) {
			return Mono.just(true);
		}
		return this.links.state(linkId).map(state::equals).defaultIfEmpty(false);
	}

}
