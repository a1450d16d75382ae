package com.cloudstorage.files.kit.security;

import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * A service's path-to-scope table, the one part of its security that is its own. The kit
 * permits the health endpoints first; the table must end with {@code anyExchange()}.
 */
@FunctionalInterface
public interface RouteScopes {

	void authorize(AuthorizeExchangeSpec exchanges);

}
