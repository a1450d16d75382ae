package com.cloudstorage.files.sharelink.link.web;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTests {

	private final TrustedProxies proxies = new TrustedProxies(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"));

	@Test
	void callerThatIsNoProxyIsCountedByItsOwnAddressWhateverItClaims() throws Exception {
		assertThat(this.proxies.clientOf(address("198.51.100.7"), List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
		assertThat(this.proxies.clientOf(address("11.0.0.1"), List.of("203.0.113.9"))).isEqualTo("11.0.0.1");
	}

	@Test
	void trustedProxyNamesTheClient() throws Exception {
		assertThat(this.proxies.clientOf(address("127.0.0.1"), List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(this.proxies.clientOf(address("::1"), List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
	}

	@Test
	void whatTheClientWroteItselfIsNeverReached() throws Exception {
		// The client sent "X-Forwarded-For: 192.0.2.1"; two trusted proxies appended
		// what they saw.
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("192.0.2.1, 203.0.113.9, 10.0.0.1")))
			.isEqualTo("203.0.113.9");
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("192.0.2.1", "203.0.113.9")))
			.isEqualTo("203.0.113.9");
	}

	@Test
	void aHopThatIsNoAddressIsTheClientAndBounded() throws Exception {
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("192.0.2.1, unknown"))).isEqualTo("unknown");
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("x".repeat(500)))).hasSize(64);
		// Names and almost-addresses are never looked up.
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("localhost"))).isEqualTo("localhost");
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("999.0.0.1"))).isEqualTo("999.0.0.1");
		assertThat(this.proxies.clientOf(address("10.0.0.2"), List.of("010.0.0.1"))).isEqualTo("010.0.0.1");
	}

	@Test
	void trustedProxyWithoutHeaderIsItself() throws Exception {
		assertThat(this.proxies.clientOf(address("10.9.9.9"), List.of())).isEqualTo("10.9.9.9");
		assertThat(this.proxies.clientOf(null, List.of("203.0.113.9"))).isEqualTo("unknown");
	}

	@Test
	void rangesMatchOnTheirPrefixOnly() throws Exception {
		TrustedProxies narrow = new TrustedProxies(List.of("172.16.0.0/12", "192.0.2.7"));
		assertThat(narrow.trusts(address("172.31.255.255"))).isTrue();
		assertThat(narrow.trusts(address("172.32.0.0"))).isFalse();
		assertThat(narrow.trusts(address("192.0.2.7"))).isTrue();
		assertThat(narrow.trusts(address("192.0.2.8"))).isFalse();
		assertThat(narrow.trusts(address("::1"))).isFalse();
	}

	@Test
	void aRangeThatIsNoRangeFailsTheStart() {
		for (String bad : List.of("gateway.local", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129", "256.0.0.0/8",
				"1.2.3/24", ":::/8", ".:1")) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> TrustedProxies.parse(bad));
		}
	}

	private static InetAddress address(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
