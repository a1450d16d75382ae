package com.cloudstorage.files.kit.security;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StorageGrantFormatTests {

	private static final String BASE64_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final SecretKeySpec KEY = StorageGrantFormat.key("k1", BASE64_KEY, "test.keys.k1");

	private static final StorageGrantFormat.Claims CLAIMS = new StorageGrantFormat.Claims("local",
			"files/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", 1024, Instant.ofEpochSecond(1_900_000_000L));

	@Test
	void aSignedGrantVerifiesToItsClaims() {
		String grant = StorageGrantFormat.sign("k1", KEY, CLAIMS);
		assertThat(grant).startsWith("k1.");
		assertThat(StorageGrantFormat.verify(grant, Map.of("k1", KEY))).isEqualTo(CLAIMS);
	}

	@Test
	void aWriteGrantIsTheFormatsFirstFormOfFourLines() {
		String grant = StorageGrantFormat.sign("k1", KEY, CLAIMS);
		assertThat(payload(grant)).isEqualTo(CLAIMS.provider() + "\n" + CLAIMS.key() + "\n1024\n1900000000");
		assertThat(CLAIMS.operation()).isEqualTo(StorageGrantFormat.Operation.WRITE);
	}

	@Test
	void aReadGrantHasAFifthLineAndVerifiesAsARead() {
		StorageGrantFormat.Claims read = StorageGrantFormat.Claims.read(CLAIMS.provider(), CLAIMS.key(),
				CLAIMS.expiresAt());
		String grant = StorageGrantFormat.sign("k1", KEY, read);
		assertThat(payload(grant)).isEqualTo(CLAIMS.provider() + "\n" + CLAIMS.key() + "\n0\n1900000000\nread");
		StorageGrantFormat.Claims verified = StorageGrantFormat.verify(grant, Map.of("k1", KEY));
		assertThat(verified).isEqualTo(read);
		assertThat(verified.operation()).isEqualTo(StorageGrantFormat.Operation.READ);
		assertThat(verified).isNotEqualTo(CLAIMS);
	}

	@Test
	void aSignedPayloadWithAnyOtherFifthLineVerifiesToNothing() {
		Map<String, SecretKeySpec> keys = Map.of("k1", KEY);
		for (String fifth : new String[] { "write", "READ", "read\n", "" }) {
			String lines = CLAIMS.provider() + "\n" + CLAIMS.key() + "\n0\n1900000000\n" + fifth;
			String signed = "k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(lines.getBytes());
			// Properly signed, so only the lines decide.
			String grant = signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signed));
			assertThat(StorageGrantFormat.verify(grant, keys)).as(fifth).isNull();
		}
	}

	@Test
	void aKeyWithALineBreakIsNeverSigned() {
		assertThatIllegalArgumentException().isThrownBy(() -> StorageGrantFormat.sign("k1", KEY,
				new StorageGrantFormat.Claims("local", "files/x\n0\n1900000000\nread", 0, CLAIMS.expiresAt())));
		assertThatIllegalArgumentException().isThrownBy(() -> StorageGrantFormat.sign("k1", KEY,
				StorageGrantFormat.Claims.read("lo\ncal", "k", CLAIMS.expiresAt())));
	}

	private static String payload(String grant) {
		return new String(
				Base64.getUrlDecoder().decode(grant.substring(grant.indexOf('.') + 1, grant.lastIndexOf('.'))));
	}

	private static byte[] hmac(String signed) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(KEY);
			return mac.doFinal(signed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aChangedGrantOrAnUnknownKeyVerifiesToNothing() {
		String grant = StorageGrantFormat.sign("k1", KEY, CLAIMS);
		String otherKey = StorageGrantFormat.sign("k1",
				StorageGrantFormat.key("k1",
						Base64.getEncoder().encodeToString("another key of 32 bytes or more!".getBytes()), "s"),
				CLAIMS);
		String payload = grant.substring(grant.indexOf('.') + 1, grant.lastIndexOf('.'));
		String biggerClaims = StorageGrantFormat.sign("k1", KEY, new StorageGrantFormat.Claims(CLAIMS.provider(),
				CLAIMS.key(), CLAIMS.maxBytes() * 2, CLAIMS.expiresAt()));
		String biggerPayload = biggerClaims.substring(biggerClaims.indexOf('.') + 1, biggerClaims.lastIndexOf('.'));
		Map<String, SecretKeySpec> keys = Map.of("k1", KEY);
		assertThat(StorageGrantFormat.verify(otherKey, keys)).isNull();
		assertThat(StorageGrantFormat.verify(grant.replace(payload, biggerPayload), keys)).isNull();
		assertThat(StorageGrantFormat.verify(grant.replace("k1.", "k2."), keys)).isNull();
		assertThat(StorageGrantFormat.verify(grant, Map.of("k2", KEY))).isNull();
		for (String malformed : new String[] { "", ".", "k1..", "k1.x.", "k1.!!.!!", grant + "." }) {
			assertThat(StorageGrantFormat.verify(malformed, keys)).as(malformed).isNull();
		}
	}

	@Test
	void aBadKeyIsRefusedNamingItsSettingButNotItsValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> StorageGrantFormat.key("K 1", BASE64_KEY, "s"))
			.withMessageContaining("lower-case");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StorageGrantFormat.key("k1", "not base64!", "files.x.keys.k1"))
			.withMessage("files.x.keys.k1 is not base64.");
		String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
		assertThatIllegalArgumentException().isThrownBy(() -> StorageGrantFormat.key("k1", shortKey, "files.x.keys.k1"))
			.withMessage("files.x.keys.k1 must be at least 32 bytes.")
			.withMessageNotContaining(shortKey);
	}

}
