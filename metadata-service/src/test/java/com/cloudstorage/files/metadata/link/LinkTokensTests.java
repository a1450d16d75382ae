package com.cloudstorage.files.metadata.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versioned link-token keys: rotation, and ciphertexts bound to their link. */
class LinkTokensTests {

	private static final String OLD_KEY = randomKey();

	private static final String NEW_KEY = randomKey();

	private final UUID link = UUID.randomUUID();

	@Test
	void aCiphertextNamesItsKeyAndOpensToTheToken() {
		LinkTokens tokens = new LinkTokens(Map.of("k1", OLD_KEY), "k1");
		String token = tokens.newToken();
		String sealed = tokens.encrypt(this.link, token);

		assertThat(sealed).startsWith("k1.").doesNotContain(token);
		assertThat(tokens.decrypt(this.link, sealed)).isEqualTo(token);
	}

	@Test
	void afterRotationOldLinksStillOpenAndNewOnesUseTheNewKey() {
		LinkTokens before = new LinkTokens(Map.of("k1", OLD_KEY), "k1");
		String oldToken = before.newToken();
		String oldSealed = before.encrypt(this.link, oldToken);

		LinkTokens after = new LinkTokens(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2");
		assertThat(after.decrypt(this.link, oldSealed)).isEqualTo(oldToken);

		UUID newLink = UUID.randomUUID();
		String newToken = after.newToken();
		String newSealed = after.encrypt(newLink, newToken);
		assertThat(newSealed).startsWith("k2.");
		assertThat(after.decrypt(newLink, newSealed)).isEqualTo(newToken);
		// Sealed with k2 indeed: a service that only knows k1 cannot open it.
		assertThatThrownBy(() -> before.decrypt(newLink, newSealed)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'k2'");
	}

	@Test
	void aCiphertextMovedToAnotherLinkDoesNotOpen() {
		LinkTokens tokens = new LinkTokens(Map.of("k1", OLD_KEY), "k1");
		String sealed = tokens.encrypt(this.link, tokens.newToken());

		assertThatThrownBy(() -> tokens.decrypt(UUID.randomUUID(), sealed)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aCiphertextWhoseKeyIdWasEditedDoesNotOpen() {
		LinkTokens tokens = new LinkTokens(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k1");
		String sealed = tokens.encrypt(this.link, tokens.newToken());

		assertThatThrownBy(() -> tokens.decrypt(this.link, "k2" + sealed.substring(2)))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aCiphertextFromBeforeKeyIdsStillOpens() throws Exception {
		// What the service wrote before keys had ids: IV and sealed token, no associated
		// data.
		byte[] iv = new byte[12];
		new SecureRandom().nextBytes(iv);
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(OLD_KEY), "AES"),
				new GCMParameterSpec(128, iv));
		byte[] sealed = cipher.doFinal("legacy-token".getBytes(StandardCharsets.UTF_8));
		String legacy = Base64.getEncoder()
			.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());

		LinkTokens tokens = new LinkTokens(Map.of("k2", NEW_KEY, "k1", OLD_KEY), "k2");
		assertThat(tokens.decrypt(this.link, legacy)).isEqualTo("legacy-token");
	}

	@Test
	void aKeyThatIsNot32BytesIsRefused() {
		assertThatThrownBy(() -> new LinkTokens(Map.of("k1", "c2hvcnQ="), "k1"))
			.hasMessageContaining("files.metadata.links.token-keys.k1 must be 32 bytes");
		assertThatThrownBy(() -> new LinkTokens(Map.of("k1", "not base64!"), "k1"))
			.hasMessageContaining("must be 32 bytes");
	}

	private static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
