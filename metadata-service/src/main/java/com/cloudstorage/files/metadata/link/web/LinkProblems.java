package com.cloudstorage.files.metadata.link.web;

import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.metadata.link.NoSuchLinkException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The link feature's own refusal. */
@Configuration(proxyBeanMethods = false)
class LinkProblems {

	@Bean
	ProblemMappings linkProblemMappings() {
		return (registry) -> registry.map(NoSuchLinkException.class, ProblemCode.NO_SUCH_LINK);
	}

}
