package com.cloudstorage.files.sharelink.presign;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.cloudstorage.files.sharelink.link.ResolvedLink;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Presigns short-lived GET URLs for linked objects; the URL is handed to the client and
 * never logged.
 */
@Component
@EnableConfigurationProperties(ProviderProperties.class)
public class ObjectUrlSigner implements DisposableBean {

	private static final int MAX_CACHED = 10_000;

	private final Map<String, S3Presigner> presigners = new HashMap<>();

	// A presign is a chain of HMACs per request; a popular link reuses one URL for the
	// first half of its life, so
	// every URL handed out still has at least half of its validity left.
	private final Map<Signed.Key, Signed> recent = new java.util.concurrent.ConcurrentHashMap<>();

	private final ProviderProperties properties;

	ObjectUrlSigner(ProviderProperties properties) {
		this.properties = properties;
		properties.providers()
			.forEach((name, provider) -> this.presigners.put(name, S3Presigner.builder()
				.endpointOverride(provider.endpoint())
				.region(Region.of(provider.region()))
				.credentialsProvider(StaticCredentialsProvider
					.create(AwsBasicCredentials.create(provider.accessKey(), provider.secretKey())))
				.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(provider.pathStyle()).build())
				.build()));
	}

	/**
	 * A presigned GET for the object, with the original name in an RFC 6266 disposition.
	 * @param inline show in the browser instead of downloading (callers allow it only for
	 * safe types)
	 */
	public URI presign(ResolvedLink link, boolean inline) {
		Signed.Key cacheKey = new Signed.Key(link, inline);
		long now = System.nanoTime();
		Signed cached = this.recent.get(cacheKey);
		if (cached != null && now - cached.signedAt < this.properties.presignTtl().toNanos() / 2) {
			return cached.url;
		}
		URI url = sign(link, inline);
		if (this.recent.size() >= MAX_CACHED) {
			this.recent.clear();
		}
		this.recent.put(cacheKey, new Signed(url, now));
		return url;
	}

	private URI sign(ResolvedLink link, boolean inline) {
		S3Presigner presigner = this.presigners.get(link.provider());
		if (presigner == null) {
			throw new IllegalStateException("No provider profile named " + link.provider());
		}
		String disposition = ContentDisposition.of(inline ? "inline" : "attachment", link.name());
		return URI.create(
				presigner
					.presignGetObject((request) -> request.signatureDuration(this.properties.presignTtl())
						.getObjectRequest((get) -> get.bucket(link.bucket())
							.key(link.key())
							.responseContentDisposition(disposition)
							.responseContentType(link.contentType())))
					.url()
					.toString());
	}

	private record Signed(URI url, long signedAt) {

		record Key(ResolvedLink link, boolean inline) {
		}

	}

	@Override
	public void destroy() {
		this.presigners.values().forEach(S3Presigner::close);
	}

	/** RFC 6266 / RFC 5987 Content-Disposition with an ASCII fallback name. */
	static final class ContentDisposition {

		private ContentDisposition() {
		}

		static String of(String type, String filename) {
			StringBuilder ascii = new StringBuilder();
			for (char c : filename.toCharArray()) {
				ascii.append((c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '_');
			}
			StringBuilder encoded = new StringBuilder();
			for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
				int c = b & 0xff;
				if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
						|| "!#$&+-.^_`|~".indexOf(c) >= 0) {
					encoded.append((char) c);
				}
				else {
					encoded.append('%').append(String.format("%02X", c));
				}
			}
			return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
		}

	}

}
