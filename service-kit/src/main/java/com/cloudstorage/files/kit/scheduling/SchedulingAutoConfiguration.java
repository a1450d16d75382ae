package com.cloudstorage.files.kit.scheduling;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link BoundedJobs} for every service, with {@code files.scheduling.timeout}, and the
 * scheduling of every {@link ScheduledJob} bean.
 */
@AutoConfiguration
@EnableConfigurationProperties(ScheduledJobProperties.class)
public class SchedulingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BoundedJobs boundedJobs(ScheduledJobProperties properties) {
		return new BoundedJobs(properties.timeout());
	}

	@Bean
	ScheduledJobs scheduledJobs(ObjectProvider<ScheduledJob> jobs, BoundedJobs bounded) {
		return new ScheduledJobs(jobs, bounded);
	}

}
