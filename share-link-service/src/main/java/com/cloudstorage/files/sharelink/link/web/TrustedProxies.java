package com.cloudstorage.files.sharelink.link.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which callers may tell us who the client is. {@code X-Forwarded-For} is believed only
 * when the connecting peer is a configured proxy, and then read from the right: the
 * nearest hop that is not a trusted proxy is the client. Anything a client writes into
 * the header itself sits further left and is never reached.
 */
final class TrustedProxies {

	private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

	/**
	 * Valid IPv4 literals, and hex digits with a colon that start like a literal (the JDK
	 * parses those as IPv6 or refuses them): nothing here may ever trigger a DNS lookup.
	 */
	private static final Pattern IP_LITERAL = Pattern
		.compile(OCTET + "(\\." + OCTET + "){3}|(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

	/** A hop that is not an address is still a key for the limiter, but a bounded one. */
	private static final int MAX_HOP_LENGTH = 64;

	private final List<Range> ranges;

	TrustedProxies(List<String> ranges) {
		this.ranges = ranges.stream().map(TrustedProxies::parse).toList();
	}

	/**
	 * Parses {@code address} or {@code address/prefix}.
	 * @throws IllegalArgumentException when it is neither
	 */
	static Range parse(String range) {
		String text = range.trim();
		int slash = text.indexOf('/');
		InetAddress address = literal((slash < 0) ? text : text.substring(0, slash));
		if (address == null) {
			throw new IllegalArgumentException(
					"files.sharelink.trusted-proxies: not an IP address or CIDR range: '" + range + "'");
		}
		int bits = address.getAddress().length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(text.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException(
						"files.sharelink.trusted-proxies: bad prefix length in '" + range + "'");
			}
		}
		return new Range(address.getAddress(), prefix);
	}

	boolean trusts(@Nullable InetAddress address) {
		if (address == null) {
			return false;
		}
		byte[] bytes = address.getAddress();
		return this.ranges.stream().anyMatch((range) -> range.contains(bytes));
	}

	/**
	 * The address failed resolutions are counted against.
	 * @param peer the address the request came from, {@literal null} if unknown
	 * @param forwardedFor the {@code X-Forwarded-For} header values, oldest hop first
	 */
	String clientOf(@Nullable InetAddress peer, List<String> forwardedFor) {
		if (peer == null) {
			return "unknown";
		}
		if (!trusts(peer)) {
			return peer.getHostAddress();
		}
		List<String> hops = new ArrayList<>();
		forwardedFor.forEach((value) -> {
			for (String hop : value.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.trim());
				}
			}
		});
		String client = peer.getHostAddress();
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = literal(hops.get(i));
			if (hop == null) {
				// Not an address (e.g. "unknown"): whatever is left of it cannot be
				// vouched for.
				String text = hops.get(i);
				return (text.length() > MAX_HOP_LENGTH) ? text.substring(0, MAX_HOP_LENGTH) : text;
			}
			client = hop.getHostAddress();
			if (!trusts(hop)) {
				return client;
			}
		}
		return client;
	}

	private static @Nullable InetAddress literal(String text) {
		if (!IP_LITERAL.matcher(text).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	record Range(byte[] network, int prefix) {

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int full = this.prefix / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[full] & mask) == (this.network[full] & mask);
		}

	}

}
