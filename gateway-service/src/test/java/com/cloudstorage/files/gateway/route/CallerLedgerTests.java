package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerLedgerTests {

	final AtomicLong now = new AtomicLong(5_000_000_000L);

	@Test
	void aCallerCountsOncePerInterval() {
		CallerLedger ledger = new CallerLedger(Duration.ofSeconds(30), 100, this.now::get);
		assertThat(ledger.mayCount("mallory")).isTrue();
		for (int i = 0; i < 50; i++) {
			assertThat(ledger.mayCount("mallory")).isFalse();
		}
		assertThat(ledger.mayCount("alice")).isTrue();
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		assertThat(ledger.mayCount("mallory")).isTrue();
	}

	@Test
	void whenFullOldEntriesGoFirstAndNewCallersDoNotCount() {
		CallerLedger ledger = new CallerLedger(Duration.ofSeconds(30), 2, this.now::get);
		assertThat(ledger.mayCount("a")).isTrue();
		assertThat(ledger.mayCount("b")).isTrue();
		assertThat(ledger.mayCount("c")).isFalse();
		this.now.addAndGet(Duration.ofSeconds(31).toNanos());
		assertThat(ledger.mayCount("c")).isTrue();
	}

}
