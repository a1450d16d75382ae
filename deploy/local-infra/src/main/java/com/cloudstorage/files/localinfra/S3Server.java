package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** A real S3-protocol server (S3Proxy) on loopback that checks SigV4 signatures. */
public final class S3Server implements AutoCloseable {

	private final URI endpoint;

	private final String accessKey;

	private final String secretKey;

	private final AutoCloseable stop;

	private S3Server(URI endpoint, String accessKey, String secretKey, AutoCloseable stop) {
		this.endpoint = endpoint;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
		this.stop = stop;
	}

	/** A server someone else started (a container); its buckets must exist already. */
	static S3Server running(URI endpoint, String accessKey, String secretKey, AutoCloseable stop) {
		return new S3Server(endpoint, accessKey, secretKey, stop);
	}

	/**
	 * Starts an S3 server and creates the buckets.
	 * @param port the port, or 0 for a free one
	 * @param directory where objects live (kept across restarts), or {@code null} to keep
	 * them in memory
	 */
	public static S3Server start(int port, Path directory, String accessKey, String secretKey, String... buckets)
			throws Exception {
		Properties properties = new Properties();
		properties.setProperty("jclouds.identity", accessKey);
		properties.setProperty("jclouds.credential", secretKey);
		String provider = "transient-nio2";
		if (directory != null) {
			Files.createDirectories(directory);
			provider = "filesystem-nio2";
			properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
		}
		BlobStore blobStore = BlobStores.create(provider, properties);
		for (String bucket : buckets) {
			if (!blobStore.containerExists(bucket)) {
				blobStore.createContainer(bucket);
			}
		}
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(blobStore)
			.endpoint(URI.create("http://127.0.0.1:" + port))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
			.build();
		proxy.start();
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!proxy.getState().equals("STARTED")) {
			if (System.nanoTime() > deadline) {
				throw new IOException("S3 server did not start");
			}
			Thread.sleep(20);
		}
		return new S3Server(URI.create("http://127.0.0.1:" + proxy.getPort()), accessKey, secretKey, () -> {
			proxy.stop();
			blobStore.close();
		});
	}

	public URI endpoint() {
		return this.endpoint;
	}

	public String accessKey() {
		return this.accessKey;
	}

	public String secretKey() {
		return this.secretKey;
	}

	@Override
	public void close() throws Exception {
		this.stop.close();
	}

}
