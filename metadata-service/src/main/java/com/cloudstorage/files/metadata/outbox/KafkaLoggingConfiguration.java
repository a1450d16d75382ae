package com.cloudstorage.files.metadata.outbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * Replaces Boot's producer listener, which would log record values (file names, owners)
 * on send failures.
 */
@Configuration(proxyBeanMethods = false)
class KafkaLoggingConfiguration {

	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		LoggingProducerListener<Object, Object> listener = new LoggingProducerListener<>();
		listener.setIncludeContents(false);
		return listener;
	}

}
