package com.cloudstorage.files.kit.metrics;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Tags every meter with {@code application} (the service's name), so one dashboard and
 * one set of alerts select each service the same way, whatever the scrape job is called.
 * The registry itself is Boot's Prometheus registry, scraped at
 * {@code /actuator/prometheus} with a valid token like every non-health endpoint.
 * <p>
 * Tags of the services' own meters are small fixed sets (direction, outcome, stage,
 * topic, provider profile); never a token, file name, user id or URL.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
public class ServiceMetricsAutoConfiguration {

	/** The tag every service's meters carry. */
	public static final String APPLICATION_TAG = "application";

	private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

	@Bean
	MeterFilter kitApplicationTag(Environment environment) {
		return MeterFilter.commonTags(
				List.of(Tag.of(APPLICATION_TAG, environment.getProperty("spring.application.name", "unknown"))));
	}

	/**
	 * Request latency buckets, so dashboards and alerts can use
	 * {@code histogram_quantile} across replicas (averages hide the slow tail).
	 */
	@Bean
	MeterFilter kitRequestLatencyHistogram() {
		return new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (HTTP_SERVER_REQUESTS.equals(id.getName())) {
					return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
				}
				return config;
			}
		};
	}

}
