package com.cloudstorage.files.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server (S3Proxy) that a test can stop and start again on the same port; its
 * objects live in a blob store that outlives the stops, like a provider's disks outlive
 * its outage.
 */
public final class FlakyS3Server {

	public static final String ACCESS_KEY = "flaky-access";

	public static final String SECRET_KEY = "flaky-secret-key";

	private static FlakyS3Server instance;

	private final BlobStore blobStore;

	private final int port;

	private S3Proxy proxy;

	private final S3Client client;

	private FlakyS3Server(BlobStore blobStore, int port) {
		this.blobStore = blobStore;
		this.port = port;
		this.client = S3Client.builder()
			.endpointOverride(endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.build();
	}

	/** The one instance of this test JVM, started on first use. */
	public static synchronized FlakyS3Server get() {
		if (instance == null) {
			try {
				Properties properties = new Properties();
				properties.setProperty("jclouds.identity", ACCESS_KEY);
				properties.setProperty("jclouds.credential", SECRET_KEY);
				BlobStore blobStore = BlobStores.create("transient-nio2", properties);
				blobStore.createContainer(IntegrationTestSupport.BUCKET);
				instance = new FlakyS3Server(blobStore, freePort());
				instance.start();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Flaky S3 server did not start", ex);
			}
		}
		return instance;
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** A plain client on this server, to see what is really there. */
	public S3Client client() {
		return this.client;
	}

	/** The keys now in {@code bucket} under {@code prefix}. */
	public Set<String> keys(String bucket, String prefix) {
		return client().listObjectsV2Paginator((r) -> r.bucket(bucket).prefix(prefix))
			.contents()
			.stream()
			.map(S3Object::key)
			.collect(Collectors.toSet());
	}

	public synchronized void start() throws Exception {
		if (this.proxy != null) {
			return;
		}
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(this.blobStore)
			.endpoint(endpoint())
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.build();
		proxy.start();
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!proxy.getState().equals("STARTED")) {
			if (System.nanoTime() > deadline) {
				throw new IOException("S3 server did not start");
			}
			Thread.sleep(20);
		}
		this.proxy = proxy;
	}

	/** Stops serving: connections to the port are refused until {@link #start()}. */
	public synchronized void stop() throws Exception {
		if (this.proxy != null) {
			this.proxy.stop();
			this.proxy = null;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
