package com.cloudstorage.files.localstack;

import io.netty.util.internal.PlatformDependent;

/**
 * Run as its own JVM by {@link ServiceJvmFlagsTests}: prints how Netty sees memory
 * access.
 */
public final class NettyUnsafeProbe {

	private NettyUnsafeProbe() {
	}

	public static void main(String[] args) {
		System.out.println("hasUnsafe=" + PlatformDependent.hasUnsafe() + " cause="
				+ PlatformDependent.getUnsafeUnavailabilityCause());
	}

}
