package com.cloudstorage.files.kit;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's own logging (commons-logging) checks the level before it formats a message:
 * the kit routes it through the Log4j API to SLF4J. Commons-logging's direct SLF4J
 * adapter turns every message into a string first, so Spring Security formatted a debug
 * message per matcher and request with DEBUG off (#10).
 */
class CommonsLoggingTests {

	@Test
	void aDisabledMessageIsNeverFormattedAndAnEnabledOneIsLogged() {
		String name = CommonsLoggingTests.class.getName() + ".quiet";
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
		Log log = LogFactory.getLog(name);
		AtomicInteger formatted = new AtomicInteger();
		Object message = new Object() {
			@Override
			public String toString() {
				formatted.incrementAndGet();
				return "a message";
			}
		};

		log.debug(message);
		assertThat(formatted).as("formatted at DEBUG").hasValue(0);
		log.info(message);
		assertThat(formatted).as("formatted at INFO").hasValue(1);
	}

}
