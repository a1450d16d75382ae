package com.cloudstorage.files.gateway.route;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import com.cloudstorage.files.gateway.identity.ServiceTokens;
import com.cloudstorage.files.kit.warmup.WarmUpStep;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class RouteConfiguration {

	/**
	 * Calls to metadata-, storage- and share-link-service are observed: each is a client
	 * span of the request's trace and carries its W3C {@code traceparent}.
	 */
	@Bean
	Downstreams downstreams(GatewayProperties properties, ObjectProvider<ObservationRegistry> observations) {
		return new Downstreams(properties,
				WebClient.builder().observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)));
	}

	/**
	 * The calls above are traced but not metered ({@link ServerRequestMetersOnly}):
	 * Boot's meter handler is wrapped before the observation registry takes it.
	 */
	@Bean
	static BeanPostProcessor serverRequestMetersOnly() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof MeterObservationHandler<?> meters) ? new ServerRequestMetersOnly(meters) : bean;
			}
		};
	}

	/**
	 * Connections to metadata-, storage- and share-link-service opened before ready (and,
	 * with {@code await-services-ready}, each of them ready once).
	 */
	@Bean
	WarmUpStep downstreamsWarmUp(Downstreams downstreams) {
		return WarmUpStep.of("downstreams", downstreams::touchAll);
	}

	/**
	 * The downstream breakers as {@code resilience4j.circuitbreaker.state} (tags
	 * {@code name} = purpose, {@code state}) and their calls.
	 */
	@Bean
	MeterBinder downstreamBreakerMetrics(Downstreams downstreams) {
		return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(downstreams.breakers());
	}

	@Bean
	InternalCalls internalCalls(ServiceTokens tokens) {
		return new InternalCalls(tokens);
	}

	@Bean
	CallerRateLimitFilter callerRateLimitFilter(GatewayProperties properties) {
		GatewayProperties.RateLimit limit = properties.rateLimit();
		return new CallerRateLimitFilter(
				new TokenBuckets(limit.requestsPerSecond(), limit.burst(), limit.maxCallers(), System::nanoTime));
	}

}
