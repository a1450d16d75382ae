package com.cloudstorage.files.metadata.security;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.metadata.Caller;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/** Resolves the {@link ActingFor} parameters of every handler. */
final class ActingCallerResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(ActingFor.class) && Caller.class.equals(callerType(parameter));
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		ActingFor actingFor = parameter.getParameterAnnotation(ActingFor.class);
		if (actingFor == null) {
			throw new IllegalStateException("Not an @ActingFor parameter: " + parameter);
		}
		Mono<Caller> caller = exchange.getPrincipal()
			.ofType(Authentication.class)
			// Unreachable through the security table; a guard against a future edit of
			// it.
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHORIZED, "A token is required.")))
			.map((authentication) -> Callers.acting(authentication, header(exchange, ActingUser.SUBJECT_HEADER),
					header(exchange, ActingUser.SCOPES_HEADER), actingFor.value()));
		return isMono(parameter) ? Mono.just(caller) : caller.cast(Object.class);
	}

	private static boolean isMono(MethodParameter parameter) {
		return Mono.class.equals(parameter.getParameterType());
	}

	private static @Nullable Class<?> callerType(MethodParameter parameter) {
		return isMono(parameter) ? ResolvableType.forMethodParameter(parameter).getGeneric(0).resolve()
				: parameter.getParameterType();
	}

	/** As {@code @RequestHeader String} reads it: repeated values joined by commas. */
	private static @Nullable String header(ServerWebExchange exchange, String name) {
		List<String> values = exchange.getRequest().getHeaders().getOrEmpty(name);
		return values.isEmpty() ? null : String.join(",", values);
	}

}
