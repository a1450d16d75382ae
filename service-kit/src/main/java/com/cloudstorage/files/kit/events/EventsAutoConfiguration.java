package com.cloudstorage.files.kit.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The tolerant reader, the consumer failure policy, the order records of a partition are
 * applied in and the trace context carried in events, for services that publish or
 * consume.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(EventConsumerProperties.class)
public class EventsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CloudEventReader kitCloudEventReader(ObjectProvider<JsonMapper> json) {
		return new CloudEventReader(json.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	EventTracing kitEventTracing(ObjectProvider<ObservationRegistry> observations) {
		return new EventTracing(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	PartitionOrder kitPartitionOrder() {
		return new PartitionOrder();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(KafkaTemplate.class)
	DeadLetters kitDeadLetters(KafkaTemplate<String, String> template, Environment environment,
			ObjectProvider<MeterRegistry> meters) {
		return new DeadLetters(template, environment.getProperty("spring.application.name", "unknown"),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DeadLetters.class)
	EventConsumerPolicy kitEventConsumerPolicy(CloudEventReader reader, DeadLetters deadLetters,
			EventConsumerProperties properties, ObjectProvider<MeterRegistry> meters, EventTracing tracing,
			PartitionOrder order) {
		return new EventConsumerPolicy(reader, deadLetters, properties, meters.getIfAvailable(SimpleMeterRegistry::new),
				tracing, order);
	}

}
