package com.cloudstorage.files.metadata;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.testsupport.ReadmeRoutes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the running service maps appears in its README: some table row names the
 * path (path variables' names aside) and the method.
 */
class ReadmeRoutesIntegrationTests extends IntegrationTestSupport {

	@Autowired
	ApplicationContext context;

	@Test
	void theReadmeNamesEveryMappedRoute() throws Exception {
		assertThat(ReadmeRoutes.missingFrom(Path.of("README.md"), ReadmeRoutes.mapped(this.context)))
			.as("routes the service maps but its README does not name")
			.isEmpty();
	}

}
