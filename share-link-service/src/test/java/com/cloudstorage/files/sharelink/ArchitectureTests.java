package com.cloudstorage.files.sharelink;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTests {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.cloudstorage.files.sharelink");

	@Test
	void linkDomainKnowsNoFrameworkNorAdapters() {
		noClasses().that()
			.resideInAPackage("com.cloudstorage.files.sharelink.link")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "..link.web..", "..link.persistence..", "..link.messaging..",
					"software.amazon..", "org.apache.kafka..")
			.check(CLASSES);
	}

	@Test
	void webDoesNotReachIntoPersistence() {
		noClasses().that()
			.resideInAPackage("..link.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..link.persistence..")
			.check(CLASSES);
	}

}
