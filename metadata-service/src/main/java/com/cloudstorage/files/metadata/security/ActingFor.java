package com.cloudstorage.files.metadata.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.metadata.Caller;

/**
 * Marks a handler parameter of type {@link Caller}, or {@code Mono<Caller>} when the
 * handler needs the caller only on some paths, as the user a service identity acts for on
 * an internal call: named by the {@link ActingUser} headers, believed only from a
 * {@code files:internal} caller (403 {@code Forbidden} for a caller that is no service
 * identity or a user without the scope, 400 {@code InvalidRequest} without a named user,
 * 401 {@code Unauthorized} without a token).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActingFor {

	/** The scope the acting user must hold for this call. */
	String value();

}
