package com.cloudstorage.files.storage.object;

import java.nio.ByteBuffer;

/**
 * One part of an upload.
 *
 * @param number 1-based part number
 * @param bytes the buffer; only the first {@code length} bytes count
 * @param length the part's size
 * @param last whether the body ended with this part
 */
public record Part(int number, byte[] bytes, int length, boolean last) {

	public ByteBuffer buffer() {
		return ByteBuffer.wrap(this.bytes, 0, this.length).asReadOnlyBuffer();
	}

}
