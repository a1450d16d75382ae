package com.cloudstorage.files.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.multipart.FilePart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Guards the gateway's shape: {@code error} and {@code security} know nothing of routing,
 * nothing blocks, and uploads never go through {@link FilePart} (which spools to disk) or
 * Spring Cloud Gateway.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.cloudstorage.files.gateway");

	@Test
	void errorHandlingDoesNotDependOnRoutesOrSecurity() {
		noClasses().that()
			.resideInAPackage("..gateway.error..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..gateway.route..", "..gateway.security..")
			.check(CLASSES);
	}

	@Test
	void securityDoesNotDependOnRoutes() {
		noClasses().that()
			.resideInAPackage("..gateway.security..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..gateway.route..")
			.check(CLASSES);
	}

	@Test
	void nothingBlocks() {
		noClasses().should()
			.callMethod(Mono.class, "block")
			.orShould()
			.callMethod(Flux.class, "blockFirst")
			.orShould()
			.callMethod(Flux.class, "blockLast")
			.check(CLASSES);
	}

	@Test
	void uploadsAreNeverSpooledOrRoutedBySpringCloudGateway() {
		noClasses().should()
			.dependOnClassesThat()
			.areAssignableTo(FilePart.class)
			.orShould()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.cloud.gateway..")
			.check(CLASSES);
	}

	/**
	 * The gateway has no persistence or messaging adapter: its web adapters
	 * ({@code route}, {@code ui}) sit on top, and error handling, security and the
	 * gateway's own identity below them never reach up.
	 */
	@Test
	void webAdaptersSitOnTopOfErrorHandlingAndSecurity() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Web")
			.definedBy("com.cloudstorage.files.gateway.route..", "com.cloudstorage.files.gateway.ui..")
			.layer("Security")
			.definedBy("com.cloudstorage.files.gateway.security..")
			.layer("Identity")
			.definedBy("com.cloudstorage.files.gateway.identity..")
			.layer("Errors")
			.definedBy("com.cloudstorage.files.gateway.error..")
			.whereLayer("Web")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Security")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Identity")
			.mayOnlyBeAccessedByLayers("Web")
			.whereLayer("Errors")
			.mayOnlyBeAccessedByLayers("Web", "Security", "Identity")
			.check(CLASSES);
	}

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching("com.cloudstorage.files.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

}
