package com.cloudstorage.files.storage.reconcile.web;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.storage.cleanup.DeadLetterReplay;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/admin/dead-letters/replay[?max=]}: runs this service's dead
 * letters through the workers again, once the cause is fixed.
 */
@RestController
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')")
class DeadLetterController {

	private static final int MAX_REPLAY = 10_000;

	private final DeadLetterReplay replay;

	DeadLetterController(DeadLetterReplay replay) {
		this.replay = replay;
	}

	@PostMapping("/internal/v1/admin/dead-letters/replay")
	Mono<DeadLetterReplay.ReplayResult> replay(@RequestParam(defaultValue = "1000") int max) {
		if (max < 1 || max > MAX_REPLAY) {
			return Mono
				.error(new ProblemException(ProblemCode.INVALID_REQUEST, "max must be between 1 and " + MAX_REPLAY));
		}
		return this.replay.replay(max)
			.onErrorMap(DeadLetterReplay.ReplayRunningException.class,
					(ex) -> new ProblemException(ProblemCode.REPLAY_RUNNING, "A replay is already running."));
	}

}
