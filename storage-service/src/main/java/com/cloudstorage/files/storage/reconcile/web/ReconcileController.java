package com.cloudstorage.files.storage.reconcile.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.storage.reconcile.ReconcileReport;
import com.cloudstorage.files.storage.reconcile.Reconciler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/admin/reconcile[?provider=]}: reconciles now and answers the
 * reports.
 */
@RestController
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')")
class ReconcileController {

	private final Reconciler reconciler;

	ReconcileController(Reconciler reconciler) {
		this.reconciler = reconciler;
	}

	@PostMapping("/internal/v1/admin/reconcile")
	Mono<List<ReconcileReport>> reconcile(@RequestParam(required = false) @Nullable String provider) {
		if (provider != null && !this.reconciler.isConfigured(provider)) {
			return Mono
				.error(new ProblemException(ProblemCode.INVALID_REQUEST, "provider must name a configured profile"));
		}
		// A provider that cannot be listed is answered by the object problems: 503
		// StorageUnavailable.
		return Flux.fromIterable((provider != null) ? List.of(provider) : this.reconciler.providers())
			.concatMap(this.reconciler::reconcile)
			.collectList();
	}

}
