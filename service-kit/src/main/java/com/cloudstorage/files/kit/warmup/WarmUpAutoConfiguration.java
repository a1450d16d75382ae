package com.cloudstorage.files.kit.warmup;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The warm-up before readiness for every service: a runner that waits (bounded) for every
 * {@link WarmUpStep} bean, the {@code warmUp} health indicator, and the database step for
 * services with an R2DBC pool. Other steps come from the kit's other parts (the issuer's
 * signing keys) and from the services (storage providers, other services).
 */
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnBooleanProperty(name = "files.warm-up.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WarmUpProperties.class)
public class WarmUpAutoConfiguration {

	@Bean
	WarmUp kitWarmUp(ObjectProvider<WarmUpStep> steps, WarmUpProperties properties) {
		return new WarmUp(() -> steps.orderedStream().toList(), properties.timeout(), properties.attempts());
	}

	@Bean
	WarmUpRunner kitWarmUpRunner(WarmUp warmUp) {
		return new WarmUpRunner(warmUp);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class WarmUpHealthConfiguration {

		@Bean
		HealthIndicator warmUpHealthIndicator(WarmUp warmUp) {
			return new WarmUpHealthIndicator(warmUp);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConnectionFactory.class, ConnectionPool.class })
	static class DatabaseWarmUpConfiguration {

		@Bean
		@ConditionalOnBean(ConnectionFactory.class)
		WarmUpStep kitDatabaseWarmUp(ConnectionFactory factory) {
			return DatabaseWarmUp.step(factory);
		}

	}

}
