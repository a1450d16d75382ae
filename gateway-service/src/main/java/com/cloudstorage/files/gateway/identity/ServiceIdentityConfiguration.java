package com.cloudstorage.files.gateway.identity;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceIdentityProperties.class)
class ServiceIdentityConfiguration {

	@Bean
	ServiceTokens serviceTokens(ServiceIdentityProperties properties) {
		return new ServiceTokens(properties);
	}

	/**
	 * Asks for the token once the gateway is up, so the first requests do not wait for
	 * the issuer; an issuer that is down then is asked again by the first call.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void fetchTokenAhead(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(ServiceTokens.class).bearer().subscribe((bearer) -> {
		}, (ex) -> {
		});
	}

}
