package com.cloudstorage.files.kit.problem;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/** problem+json for every failure of a reactive web service. */
@AutoConfiguration(before = ErrorWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ProblemAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemResolver kitProblemResolver(ObjectProvider<ProblemMappings> mappings) {
		return new ProblemResolver(mappings.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemWriter kitProblemWriter(ObjectProvider<ProblemPage> page) {
		return new ProblemWriter(page.getIfAvailable());
	}

	@Bean
	@Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1)
	ProblemExceptionHandler kitProblemExceptionHandler(ProblemResolver resolver, ProblemWriter writer) {
		return new ProblemExceptionHandler(resolver, writer);
	}

}
