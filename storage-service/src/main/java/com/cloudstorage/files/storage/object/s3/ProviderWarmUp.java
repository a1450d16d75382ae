package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import com.cloudstorage.files.kit.presign.Presigning;

/**
 * One cheap call to every provider profile before storage-service reports ready: a
 * {@code HeadBucket} (the async client's event loops, its connection pool, signing and
 * the first run of the SDK's request pipeline) and one presigned URL (kept nowhere). Any
 * answer of the provider, even a refusal, means the client is warm; a provider that
 * cannot be reached fails the step within the profile's call timeout, and is not counted
 * by its breaker.
 */
final class ProviderWarmUp {

	private static final Duration PRESIGN_TTL = Duration.ofMinutes(1);

	private ProviderWarmUp() {
	}

	static Mono<Void> run(S3Providers providers) {
		return Flux.fromIterable(providers.all()).flatMap(ProviderWarmUp::touch).then();
	}

	private static Mono<Void> touch(S3Provider provider) {
		return Mono
			.fromRunnable(() -> Presigning.presignGet(provider.presigner(), provider.bucket(), "warm-up", "warm-up.txt",
					"text/plain", false, PRESIGN_TTL))
			.then(Mono.fromFuture(() -> provider.client().headBucket((head) -> head.bucket(provider.bucket()))))
			.then()
			.onErrorResume(AwsServiceException.class, (answered) -> Mono.empty())
			.timeout(provider.timeouts().call())
			.onErrorMap((ex) -> new IllegalStateException(
					"provider profile '" + provider.name() + "' did not answer: " + ex.getClass().getSimpleName(), ex));
	}

}
