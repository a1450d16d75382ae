package com.cloudstorage.files.kit.scheduling;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param timeout the longest one run of a scheduled job may take; a run still going then
 * is cancelled and the job runs again after its interval
 */
@Validated
@ConfigurationProperties("files.scheduling")
public record ScheduledJobProperties(@DefaultValue("PT5M") @DurationMin(seconds = 1) Duration timeout) {

}
