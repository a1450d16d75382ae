package com.cloudstorage.files.metadata;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the file catalogue.
 *
 * @param defaultProvider the storage profile new uploads go to
 * @param keyPrefix the prefix of object keys, {@code <prefix>/<fileId>}
 * @param maxUploadBytes the largest upload accepted, told to the gateway at reservation
 * @param pendingUploadTtl how long a reservation may stay PENDING before it expires: long
 * enough for the largest upload on a slow line, and at most storage-service's
 * {@code reconcile.orphan-age} (6 h), which must not remove the bytes of an upload in
 * progress
 * @param expirySweepInterval how often PENDING reservations are checked for expiry
 * @param documents documents' status updates
 */
@Validated
@ConfigurationProperties("files.metadata")
public record MetadataProperties(@DefaultValue("local") @NotBlank String defaultProvider,
		@DefaultValue("files") @NotBlank String keyPrefix, @DefaultValue("5368709120") @Positive long maxUploadBytes,
		@DefaultValue("PT6H") @NotNull Duration pendingUploadTtl,
		@DefaultValue("PT30S") @NotNull Duration expirySweepInterval, @Valid @NotNull DocumentSettings documents) {

	/**
	 * Documents' status updates; defaults in application.yml.
	 *
	 * @param maxClockSkew how far ahead of this clock an event's {@code ce_time} is taken
	 * as it is; later times are ordered as now plus this
	 * @param maxAttempts attempts at a documents.v1 record that keeps failing (other than
	 * with the database unreachable, which is retried until it is back) before it is
	 * dead-lettered
	 * @param processedEventRetention how long the ids of applied events are kept to skip
	 * redeliveries; longer than the topic's retention
	 * @param pruneInterval how often older ids are removed
	 */
	public record DocumentSettings(@NotNull Duration maxClockSkew, @Min(1) int maxAttempts,
			@NotNull Duration processedEventRetention, @NotNull Duration pruneInterval) {
	}

}
