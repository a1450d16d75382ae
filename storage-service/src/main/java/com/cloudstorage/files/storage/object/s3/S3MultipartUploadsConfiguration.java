package com.cloudstorage.files.storage.object.s3;

import com.cloudstorage.files.storage.object.MultipartUploads;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link MultipartUploads} on the profiles' S3 clients. */
@Configuration(proxyBeanMethods = false)
class S3MultipartUploadsConfiguration {

	@Bean
	MultipartUploads multipartUploads(S3Providers providers, UploadSessions sessions,
			MultipartCompletionProperties completion) {
		return new S3MultipartUploads(providers, sessions, completion);
	}

}
