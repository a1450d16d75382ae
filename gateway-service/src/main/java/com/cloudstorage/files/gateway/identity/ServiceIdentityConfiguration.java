package com.cloudstorage.files.gateway.identity;

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

}
