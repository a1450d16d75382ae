package com.cloudstorage.files.metadata.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Lets every handler take an {@link ActingFor} caller. */
@Configuration(proxyBeanMethods = false)
class ActingCallerConfiguration implements WebFluxConfigurer {

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new ActingCallerResolver());
	}

}
