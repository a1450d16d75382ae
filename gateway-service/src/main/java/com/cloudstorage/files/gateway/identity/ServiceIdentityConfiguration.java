package com.cloudstorage.files.gateway.identity;

import com.cloudstorage.files.kit.warmup.WarmUpStep;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceIdentityProperties.class)
class ServiceIdentityConfiguration {

	@Bean
	ServiceTokens serviceTokens(ServiceIdentityProperties properties) {
		return new ServiceTokens(properties);
	}

	/**
	 * Asks for the token before the gateway reports ready (the kit's warm-up), so the
	 * first requests do not wait for the issuer; an issuer that is down then is asked
	 * again by the first call.
	 */
	@Bean
	WarmUpStep serviceTokenWarmUp(ServiceTokens tokens) {
		return WarmUpStep.of("service-token", tokens::bearer);
	}

}
