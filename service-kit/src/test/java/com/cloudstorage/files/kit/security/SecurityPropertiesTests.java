package com.cloudstorage.files.kit.security;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service that does not say which audience it accepts does not start. */
class SecurityPropertiesTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@org.springframework.context.annotation.Bean
		RouteScopes anyAuthenticated() {
			return (exchanges) -> exchanges.anyExchange().authenticated();
		}

	}

	@Test
	void audiencesAreRequired() {
		assertThatThrownBy(() -> new SecurityProperties(null, Duration.ofSeconds(5)))
			.hasMessageContaining("files.security.audiences is not set");
		assertThatThrownBy(() -> new SecurityProperties(List.of(" "), Duration.ofSeconds(5)))
			.hasMessageContaining("files.security.audiences is not set");
		assertThat(new SecurityProperties(List.of("metadata-service"), Duration.ofSeconds(5)).audiences())
			.containsExactly("metadata-service");
	}

	@Test
	void aServiceWithoutAudiencesRefusesToStart() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://issuer.test");
		assertThatThrownBy(app::run).rootCause().hasMessageContaining("files.security.audiences is not set");
	}

}
