package com.cloudstorage.files.sharelink.presign;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import com.cloudstorage.files.kit.presign.Presigning;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
	// first half of its life, so every URL handed out still has at least half of its
	// validity left. Per replica and harmless: it is asked only after the projection
	// said the link is alive, so it never decides whether a link works.
	private final Map<Signed.Key, Signed> recent = new java.util.concurrent.ConcurrentHashMap<>();

	private final ProviderProperties properties;

	ObjectUrlSigner(ProviderProperties properties) {
		this.properties = properties;
		properties.providers()
			.forEach((name, provider) -> this.presigners.put(name,
					Presigning.presigner(provider.endpoint(), provider.region(),
							StaticCredentialsProvider
								.create(AwsBasicCredentials.create(provider.accessKey(), provider.secretKey())),
							provider.pathStyle())));
	}

	/**
	 * A presigned GET for the object, with the original name in an RFC 6266 disposition.
	 * @param object what to sign
	 * @param inline show in the browser instead of downloading (only safe types ever are)
	 */
	public URI presign(ObjectToSign object, boolean inline) {
		Signed.Key cacheKey = new Signed.Key(object, inline);
		long now = System.nanoTime();
		Signed cached = this.recent.get(cacheKey);
		if (cached != null && now - cached.signedAt < this.properties.presignTtl().toNanos() / 2) {
			return cached.url;
		}
		URI url = sign(object, inline);
		if (this.recent.size() >= MAX_CACHED) {
			this.recent.clear();
		}
		this.recent.put(cacheKey, new Signed(url, now));
		return url;
	}

	private URI sign(ObjectToSign object, boolean inline) {
		S3Presigner presigner = this.presigners.get(object.provider());
		if (presigner == null) {
			throw new IllegalStateException("No provider profile named " + object.provider());
		}
		return URI.create(
				Presigning
					.presignGet(presigner, object.bucket(), object.key(), object.name(), object.contentType(), inline,
							this.properties.presignTtl())
					.url()
					.toString());
	}

	private record Signed(URI url, long signedAt) {

		record Key(ObjectToSign object, boolean inline) {
		}

	}

	@Override
	public void destroy() {
		this.presigners.values().forEach(S3Presigner::close);
	}

}
