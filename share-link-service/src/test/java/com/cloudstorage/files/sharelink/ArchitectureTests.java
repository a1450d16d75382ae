package com.cloudstorage.files.sharelink;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.cloudstorage.files.sharelink");

	@Test
	void presigningKnowsNothingOfLinks() {
		noClasses().that()
			.resideInAPackage("..sharelink.presign..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..sharelink.link..")
			.check(CLASSES);
	}

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

	@Test
	void webAndEventAdaptersDoNotTalkToEachOther() {
		noClasses().that()
			.resideInAPackage("com.cloudstorage.files.sharelink..web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.cloudstorage.files.sharelink..persistence..",
					"com.cloudstorage.files.sharelink..messaging..")
			.check(CLASSES);
		noClasses().that()
			.resideInAnyPackage("com.cloudstorage.files.sharelink..persistence..",
					"com.cloudstorage.files.sharelink..messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.cloudstorage.files.sharelink..web..")
			.check(CLASSES);
	}

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching("com.cloudstorage.files.sharelink.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

}
