package com.cloudstorage.files.storage.object;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TransferBudgetTests {

	@Test
	void uploadsAreAdmittedUpToTheirCount() {
		TransferBudget budget = new TransferBudget(2, 5, 1000);
		TransferBudget.Permit first = budget.tryUpload(10);
		assertThat(first).isNotNull();
		assertThat(budget.tryUpload(10)).isNotNull();
		assertThat(budget.tryUpload(10)).isNull();
		// Downloads have their own count.
		assertThat(budget.tryDownload(10)).isNotNull();
		first.close();
		assertThat(budget.tryUpload(10)).isNotNull();
	}

	@Test
	void bytesOfAllTransfersShareOneBudget() {
		TransferBudget budget = new TransferBudget(10, 10, 1000);
		TransferBudget.Permit upload = budget.tryUpload(600);
		assertThat(upload).isNotNull();
		assertThat(budget.tryDownload(500)).isNull();
		assertThat(budget.tryDownload(400)).isNotNull();
		assertThat(budget.tryUpload(1)).isNull();
		assertThat(budget.usage()).isEqualTo(new TransferBudget.Usage(1, 1, 1000));
		upload.close();
		assertThat(budget.usage()).isEqualTo(new TransferBudget.Usage(0, 1, 400));
	}

	@Test
	void aTransferLargerThanTheWholeBudgetIsNeverAdmitted() {
		TransferBudget budget = new TransferBudget(10, 10, 1000);
		assertThat(budget.tryUpload(1001)).isNull();
		assertThat(budget.usage()).isEqualTo(new TransferBudget.Usage(0, 0, 0));
	}

	@Test
	void closingAPermitTwiceGivesItsShareBackOnce() {
		TransferBudget budget = new TransferBudget(1, 1, 100);
		TransferBudget.Permit permit = budget.tryUpload(100);
		permit.close();
		permit.close();
		assertThat(budget.usage()).isEqualTo(new TransferBudget.Usage(0, 0, 0));
		TransferBudget.Permit again = budget.tryUpload(100);
		assertThat(again).isNotNull();
		assertThat(budget.tryUpload(1)).isNull();
	}

	@Test
	void badLimitsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TransferBudget(0, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new TransferBudget(1, 1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new TransferBudget(1, 1, 1).tryUpload(-1));
	}

	@Test
	void concurrentCallersNeverExceedTheLimitsAndLeaveNothingReserved() throws Exception {
		TransferBudget budget = new TransferBudget(3, 3, 250);
		AtomicInteger violations = new AtomicInteger();
		AtomicInteger admitted = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			boolean uploads = t % 2 == 0;
			futures.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < 5000; i++) {
					TransferBudget.Permit permit = uploads ? budget.tryUpload(100) : budget.tryDownload(50);
					if (permit != null) {
						admitted.incrementAndGet();
						TransferBudget.Usage usage = budget.usage();
						if (usage.uploads() > 3 || usage.downloads() > 3 || usage.reservedBytes() > 250) {
							violations.incrementAndGet();
						}
						permit.close();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (java.util.concurrent.Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(violations).hasValue(0);
		assertThat(admitted.get()).isPositive();
		assertThat(budget.usage()).isEqualTo(new TransferBudget.Usage(0, 0, 0));
	}

}
