package com.cloudstorage.files.storage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final String ROOT = "com.cloudstorage.files.storage";

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void objectStorePortKnowsNeitherTheSdkNorSpring() {
		noClasses().that()
			.resideInAPackage(ROOT + ".object")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("software.amazon..", "org.springframework..", ROOT + ".object.s3..",
					ROOT + ".object.web..")
			.check(this.classes);
	}

	@Test
	void portsOfUploadsAndCleanupKnowNoAdapter() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".upload", ROOT + ".cleanup")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("software.amazon..", "org.springframework.r2dbc..", "org.springframework.kafka..",
					"org.springframework.web..", ROOT + "..persistence..", ROOT + "..messaging..", ROOT + "..web..",
					ROOT + ".object.s3..")
			.check(this.classes);
	}

	@Test
	void onlyTheS3AdapterUsesTheAwsSdk() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".object.s3..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("software.amazon..")
			.check(this.classes);
	}

	@Test
	void webAndMessagingAdaptersDoNotTalkToEachOther() {
		noClasses().that()
			.resideInAPackage(ROOT + "..web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + "..messaging..", ROOT + "..persistence..", ROOT + ".object.s3..")
			.check(this.classes);
		noClasses().that()
			.resideInAPackage(ROOT + "..messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + "..web..", ROOT + "..persistence..", ROOT + ".object.s3..")
			.check(this.classes);
	}

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(this.classes);
	}

}
