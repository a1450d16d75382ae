package com.cloudstorage.files.storage.reconcile.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.reconcile.Reconciler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
	Mono<ResponseEntity<Object>> reconcile(@RequestParam(required = false) @Nullable String provider) {
		if (provider != null && !this.reconciler.isConfigured(provider)) {
			return Mono.just(AdminProblems.of(HttpStatus.BAD_REQUEST, "InvalidRequest",
					"provider must name a configured profile"));
		}
		return Flux.fromIterable((provider != null) ? java.util.List.of(provider) : this.reconciler.providers())
			.concatMap(this.reconciler::reconcile)
			.collectList()
			.map((reports) -> ResponseEntity.ok().<Object>body(reports))
			.onErrorResume(ObjectStoreException.class, (ex) -> Mono.just(AdminProblems
				.of(HttpStatus.SERVICE_UNAVAILABLE, "StorageUnavailable", "The provider could not be listed.")));
	}

}
