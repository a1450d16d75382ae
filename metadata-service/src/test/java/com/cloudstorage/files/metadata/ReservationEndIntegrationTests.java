package com.cloudstorage.files.metadata;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.metadata.file.FileManagement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A reservation that never completes: aborted by the gateway or expired by the sweep. */
class ReservationEndIntegrationTests extends IntegrationTestSupport {

	@Autowired
	FileManagement fileManagement;

	@Test
	void abortingEndsTheReservationOnceAndAgainIsHarmless() {
		String dave = unique("dave");
		UUID aborted = reserve(dave, reservation("aborted.bin", true, null, List.of()));

		abort(dave, aborted).expectStatus().isNoContent();
		abort(dave, aborted).expectStatus().isNoContent();

		expectProblem(complete(dave, aborted, "aborted.bin"), 404, "NoSuchFile");
		assertThat(status(aborted)).isEqualTo("FAILED");
		assertThat(outboxTypes(aborted)).containsExactly(EventTypes.FILE_UPLOAD_EXPIRED);
	}

	@Test
	void aStaleReservationExpiresAndCanNoLongerComplete() {
		String dave = unique("dave");
		UUID stale = reserve(dave, reservation("stale.bin", true, null, List.of()));

		// The sweep expires what is older than its cutoff; a second from now takes
		// this one at once.
		Long expired = this.fileManagement.expireStaleUploads(Instant.now().plusSeconds(1)).block();

		assertThat(expired).isPositive();
		assertThat(status(stale)).isEqualTo("EXPIRED");
		expectProblem(complete(dave, stale, "stale.bin"), 404, "NoSuchFile");
		assertThat(outboxTypes(stale)).containsExactly(EventTypes.FILE_UPLOAD_EXPIRED);
	}

	@Test
	void onlyItsOwnerAbortsAPendingReservationAndNothingAbortsACompletedFile() {
		String dave = unique("dave");
		UUID pending = reserve(dave, reservation("pending.bin", true, null, List.of()));
		UUID completed = upload(dave, "done.bin", true, null);

		expectProblem(abort(unique("mallory"), pending), 404, "NoSuchFile");
		expectProblem(abort(dave, completed), 404, "NoSuchFile");
		assertThat(status(pending)).isEqualTo("PENDING");
		assertThat(status(completed)).isEqualTo("AVAILABLE");
	}

}
