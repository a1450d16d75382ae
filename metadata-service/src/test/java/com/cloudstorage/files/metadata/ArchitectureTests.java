package com.cloudstorage.files.metadata;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.metadata.file.FileCursor;
import com.cloudstorage.files.metadata.file.FileNames;
import com.cloudstorage.files.metadata.file.StoredFile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Guards the feature layering: adapters depend on the core, never the other way round.
 */
class ArchitectureTests {

	private static final String ROOT = "com.cloudstorage.files.metadata";

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void featuresAreFreeOfCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(this.classes);
	}

	/**
	 * web → domain ← persistence/messaging: a feature's domain package defines the ports
	 * ({@code Files}, {@code Documents}, {@code ShareLinks}) its adapters implement.
	 */
	@Test
	void domainDependsOnNoAdapter() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".file", ROOT + ".document", ROOT + ".link", ROOT + ".outbox")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..web..", "..messaging..", "..persistence..")
			.check(this.classes);
	}

	@Test
	void domainLeavesSqlToPersistence() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".file", ROOT + ".document", ROOT + ".link")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.r2dbc..", "io.r2dbc..")
			.check(this.classes);
	}

	@Test
	void fileFeatureKnowsNothingOfLinks() {
		noClasses().that()
			.resideInAPackage(ROOT + ".file..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".link..")
			.check(this.classes);
	}

	@Test
	void adaptersDoNotTalkToEachOther() {
		noClasses().that()
			.resideInAPackage("..web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..persistence..", "..messaging..", "org.springframework.r2dbc..")
			.check(this.classes);
		noClasses().that()
			.resideInAPackage("..persistence..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..web..", "..messaging..")
			.check(this.classes);
		noClasses().that()
			.resideInAPackage("..messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..web..", "..persistence..")
			.check(this.classes);
	}

	@Test
	void outboxKnowsNothingOfFeatures() {
		noClasses().that()
			.resideInAPackage(ROOT + ".outbox..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".file..", ROOT + ".document..")
			.check(this.classes);
	}

	@Test
	void domainRulesAreFreeOfSpring() {
		classes().that()
			.belongToAnyOf(FileNames.class, FileCursor.class, StoredFile.class)
			.or()
			.haveSimpleNameEndingWith("Exception")
			.should()
			.onlyDependOnClassesThat()
			.resideOutsideOfPackages("org.springframework..", "io.r2dbc..", "org.apache.kafka..", "tools.jackson..")
			.check(this.classes);
	}

}
