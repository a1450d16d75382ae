package com.cloudstorage.files.gateway.route;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.web.reactive.function.client.ClientRequestObservationContext;

/**
 * Boot's meter handler for every observation but the gateway's calls to the services
 * behind: those stay observed for tracing (a client span, the {@code traceparent} they
 * carry), and are not metered. Their URIs carry file and link ids (one meter per link
 * awaited), and the timer, the long-task timer and their tags cost every request.
 */
final class ServerRequestMetersOnly implements MeterObservationHandler<Observation.Context> {

	private final MeterObservationHandler<Observation.Context> delegate;

	@SuppressWarnings("unchecked")
	ServerRequestMetersOnly(MeterObservationHandler<?> delegate) {
		this.delegate = (MeterObservationHandler<Observation.Context>) delegate;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return !(context instanceof ClientRequestObservationContext) && this.delegate.supportsContext(context);
	}

	@Override
	public void onStart(Observation.Context context) {
		this.delegate.onStart(context);
	}

	@Override
	public void onError(Observation.Context context) {
		this.delegate.onError(context);
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		this.delegate.onEvent(event, context);
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		this.delegate.onScopeOpened(context);
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		this.delegate.onScopeClosed(context);
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		this.delegate.onScopeReset(context);
	}

	@Override
	public void onStop(Observation.Context context) {
		this.delegate.onStop(context);
	}

}
