package com.cloudstorage.files.storage.object.s3;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The clients of one provider profile. */
record S3Provider(String name, String bucket, S3AsyncClient client, S3Presigner presigner) {
}
