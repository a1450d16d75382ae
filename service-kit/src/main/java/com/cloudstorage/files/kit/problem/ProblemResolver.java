package com.cloudstorage.files.kit.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Decides the answer for any failure: a thrown {@link ProblemException}, a service's
 * mapped exception, a framework error (unknown route, wrong method, unreadable input), an
 * unreachable downstream, or a bug — which is logged and answered as 503, never as a 500
 * with a trace.
 */
public final class ProblemResolver {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemResolver.class);

	private final Map<Class<?>, Function<Throwable, Problem>> mappings = new LinkedHashMap<>();

	public ProblemResolver(List<ProblemMappings> declared) {
		Registry registry = new Registry();
		declared.forEach((mappings) -> mappings.register(registry));
	}

	private static boolean unreadableMediaTypes(HttpHeaders headers) {
		try {
			headers.getAccept();
			headers.getContentType();
			return false;
		}
		catch (InvalidMediaTypeException | IndexOutOfBoundsException ex) {
			return true;
		}
	}

	public Problem resolve(Throwable ex, ServerWebExchange exchange) {
		if (ex instanceof ProblemException problem) {
			return problem.problem();
		}
		Function<Throwable, Problem> mapping = closestMapping(ex.getClass());
		if (mapping != null) {
			return mapping.apply(ex);
		}
		if (ex instanceof ErrorResponse framework) {
			return framework(framework);
		}
		if (ex instanceof InvalidMediaTypeException) {
			return Problem.of(ProblemCode.INVALID_REQUEST, "A media type in the request is not valid.");
		}
		if (ex instanceof CodecException) {
			return Problem.of(ProblemCode.INVALID_REQUEST, "The request body could not be read.");
		}
		if (ex instanceof WebClientRequestException) {
			LOG.warn("A downstream service cannot be reached: {}", ex.getClass().getSimpleName());
			return Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "A service behind this one cannot be reached.");
		}
		if (unreadableMediaTypes(exchange.getRequest().getHeaders())) {
			// Spring's parser fails on some Accept values with an index error instead of
			// InvalidMediaTypeException; the request is malformed either way.
			return Problem.of(ProblemCode.INVALID_REQUEST, "A media type in the request is not valid.");
		}
		LOG.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(),
				ProblemWriter.loggablePath(exchange.getRequest().getPath().value()), ex);
		return Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "The request could not be handled right now.");
	}

	private @Nullable Function<Throwable, Problem> closestMapping(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			Function<Throwable, Problem> mapping = this.mappings.get(candidate);
			if (mapping != null) {
				return mapping;
			}
		}
		return null;
	}

	private static Problem framework(ErrorResponse error) {
		HttpStatusCode status = error.getStatusCode();
		ProblemCode code = ProblemCode.forStatus(status.value());
		String detail = switch (code) {
			case NOT_FOUND -> "There is nothing here.";
			case METHOD_NOT_ALLOWED -> "This method is not allowed here.";
			case SERVICE_UNAVAILABLE -> "The request could not be handled right now.";
			case INVALID_REQUEST -> invalidRequestDetail(error);
			default -> code.title() + ".";
		};
		Problem problem = Problem.of(code, detail);
		HttpHeaders headers = error.getHeaders();
		// Allow (405) and Accept (415) help the client; nothing else of the framework's
		// passes.
		copy(headers, problem, HttpHeaders.ALLOW);
		copy(headers, problem, HttpHeaders.ACCEPT);
		copy(headers, problem, HttpHeaders.ACCEPT_PATCH);
		return problem;
	}

	private static String invalidRequestDetail(ErrorResponse error) {
		String detail = error.getBody().getDetail();
		// Spring's own details name the parameter and the expected type, never internals.
		return (detail != null && detail.length() <= 300) ? detail : "The request is not valid here.";
	}

	private static void copy(HttpHeaders from, Problem to, String name) {
		String value = from.getFirst(name);
		if (value != null) {
			to.header(name, String.join(", ", from.getOrEmpty(name)));
		}
	}

	private final class Registry implements ProblemMappings.Registry {

		@Override
		public <E extends Throwable> Registry map(Class<E> type, ProblemCode code) {
			return map(type, (ex) -> Problem.of(code, ex.getMessage()));
		}

		@Override
		@SuppressWarnings("unchecked")
		public <E extends Throwable> Registry map(Class<E> type, Function<? super E, Problem> mapping) {
			Function<Throwable, Problem> previous = ProblemResolver.this.mappings.putIfAbsent(type,
					(ex) -> mapping.apply((E) ex));
			if (previous != null) {
				throw new IllegalStateException(type.getName() + " is mapped to a problem twice");
			}
			return this;
		}

	}

}
