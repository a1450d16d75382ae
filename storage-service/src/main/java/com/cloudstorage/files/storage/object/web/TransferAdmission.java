package com.cloudstorage.files.storage.object.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.object.Parts;
import com.cloudstorage.files.storage.object.TransferBudget;
import com.cloudstorage.files.storage.provider.StorageProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Admits transfers into the instance's {@link TransferBudget} before their bodies are
 * read, and gives their share back once the exchange is over (response written, failed or
 * the client gone): as a filter, it sees the end of a streamed response body, which the
 * controller does not.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
class TransferAdmission implements WebFilter {

	private static final String PERMIT = TransferAdmission.class.getName() + ".permit";

	private final TransferBudget budget;

	private final StorageProperties.Transfers settings;

	private final int partSize;

	TransferAdmission(StorageProperties properties) {
		this.settings = properties.transfers();
		this.partSize = (int) properties.partSize().toBytes();
		this.budget = new TransferBudget(this.settings.maxUploads(), this.settings.maxDownloads(),
				this.settings.memoryBudget().toBytes());
	}

	/**
	 * Admits an upload, reserving what its part buffers can reach.
	 * @throws TransfersBusyException when it does not fit now
	 */
	void admitUpload(ServerWebExchange exchange, long declaredLength, long maxBytes) {
		hold(exchange, this.budget.tryUpload(Parts.bufferBound(declaredLength, maxBytes, this.partSize)));
	}

	/**
	 * Admits one upload-session part, which is held whole in memory.
	 * @throws TransfersBusyException when it does not fit now
	 */
	void admitPart(ServerWebExchange exchange, long partBytes) {
		hold(exchange, this.budget.tryUpload(partBytes));
	}

	/**
	 * Admits a streamed download.
	 * @return the bytes the download may have between the provider and the socket
	 * @throws TransfersBusyException when it does not fit now
	 */
	long admitDownload(ServerWebExchange exchange) {
		long reserved = this.settings.downloadBuffer().toBytes();
		hold(exchange, this.budget.tryDownload(reserved));
		// The other half covers the provider client's read-ahead and the buffer in hand.
		return reserved / 2;
	}

	private void hold(ServerWebExchange exchange, @Nullable TransferBudget.Permit permit) {
		if (permit == null) {
			// Logged where it becomes the answer (ObjectProblems), under the request's
			// trace.
			throw new TransfersBusyException(this.settings.retryAfter(), this.budget.usage());
		}
		exchange.getAttributes().put(PERMIT, permit);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).doFinally((signal) -> {
			TransferBudget.Permit permit = exchange.getAttribute(PERMIT);
			if (permit != null) {
				permit.close();
			}
		});
	}

}
