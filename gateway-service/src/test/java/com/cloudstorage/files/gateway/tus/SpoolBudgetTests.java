package com.cloudstorage.files.gateway.tus;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.gateway.error.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SpoolBudgetTests {

	@Test
	void reservationsFitUpToTheLimitAndAreRefusedPastIt() {
		SpoolBudget budget = new SpoolBudget(100);
		SpoolBudget.Lease first = budget.reserve(60).block();
		SpoolBudget.Lease second = budget.reserve(40).block();
		assertThat(budget.reserved()).isEqualTo(100);

		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> budget.reserve(1).block())
			.satisfies((ex) -> {
				assertThat(ex.status().value()).isEqualTo(503);
				assertThat(ex.code()).isEqualTo("ServiceUnavailable");
			});
		assertThat(budget.reserved()).as("a refusal reserves nothing").isEqualTo(100);

		first.release();
		first.release();
		assertThat(budget.reserved()).as("released once, however often asked").isEqualTo(40);
		assertThat(budget.reserve(60).block()).isNotNull();
		second.release();
		assertThat(budget.reserved()).isEqualTo(60);
	}

}
