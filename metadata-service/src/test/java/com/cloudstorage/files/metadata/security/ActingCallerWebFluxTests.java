package com.cloudstorage.files.metadata.security;

import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.BindingContext;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The {@link ActingFor} parameter on a probe handler outside {@code /internal/**}, so
 * that the resolver, not the security table, refuses a caller that is no service
 * identity.
 */
@WebFluxTest(controllers = ActingCallerWebFluxTests.Probe.class, includeFilters = @ComponentScan.Filter(
		type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.metadata\\.(JacksonConfiguration|security\\.SecurityConfiguration|\\w+\\.web\\.\\w+Problems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ActingCallerWebFluxTests.Probe.class)
class ActingCallerWebFluxTests {

	@Autowired
	private WebTestClient client;

	@Test
	void theActingUserWithTheNeededScopeIsTheCaller() {
		asGateway().get()
			.uri("/probe/write")
			.header(ActingUser.SUBJECT_HEADER, "alice")
			.header(ActingUser.SCOPES_HEADER, " files:read  files:write ")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("alice [files:read, files:write]");
	}

	@Test
	void aUserTokenIsForbiddenEvenWithTheActingHeaders() {
		expectProblem(asUser().get()
			.uri("/probe/write")
			.header(ActingUser.SUBJECT_HEADER, "alice")
			.header(ActingUser.SCOPES_HEADER, Scopes.FILES_WRITE)
			.exchange(), 403, "Forbidden");
	}

	@Test
	void aServiceCallThatNamesNoUserIsInvalidRequest() {
		expectProblem(asGateway().get().uri("/probe/write").exchange(), 400, "InvalidRequest");
		expectProblem(asGateway().get()
			.uri("/probe/write")
			.header(ActingUser.SUBJECT_HEADER, " ")
			.header(ActingUser.SCOPES_HEADER, Scopes.FILES_WRITE)
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void anActingUserWithoutTheNeededScopeIsForbidden() {
		expectProblem(asGateway().get()
			.uri("/probe/write")
			.header(ActingUser.SUBJECT_HEADER, "alice")
			.header(ActingUser.SCOPES_HEADER, Scopes.FILES_READ)
			.exchange(), 403, "Forbidden");
		expectProblem(asGateway().get().uri("/probe/write").header(ActingUser.SUBJECT_HEADER, "alice").exchange(), 403,
				"Forbidden");
	}

	@Test
	void anActingUserWhoseSubjectCannotBeStoredIsInvalidRequest() {
		expectProblem(asGateway().get()
			.uri("/probe/write")
			.header(ActingUser.SUBJECT_HEADER, "a".repeat(Caller.MAX_SUBJECT_BYTES + 1))
			.header(ActingUser.SCOPES_HEADER, Scopes.FILES_WRITE)
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void aDeferredCallerIsCheckedOnlyWhenTheHandlerAsksForIt() {
		asGateway().get().uri("/probe/deferred?use=false").exchange().expectStatus().isOk();
		expectProblem(asGateway().get().uri("/probe/deferred?use=true").exchange(), 400, "InvalidRequest");
	}

	@Test
	void withoutATokenTheResolverRefusesWithUnauthorized() throws NoSuchMethodException {
		// Unreachable through the security table, which answers 401 first; the resolver
		// must still not resolve a caller from nothing.
		MethodParameter parameter = new MethodParameter(Probe.class.getDeclaredMethod("write", Caller.class), 0);
		ActingCallerResolver resolver = new ActingCallerResolver();
		assertThat(resolver.supportsParameter(parameter)).isTrue();
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/probe/write")
			.header(ActingUser.SUBJECT_HEADER, "alice")
			.header(ActingUser.SCOPES_HEADER, Scopes.FILES_WRITE));
		StepVerifier.create(resolver.resolveArgument(parameter, new BindingContext(), exchange))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class,
					(problem) -> assertThat(problem.problem().code()).isEqualTo(ProblemCode.UNAUTHORIZED)))
			.verify();
	}

	@Test
	void onlyAnnotatedCallerParametersAreResolved() throws NoSuchMethodException {
		ActingCallerResolver resolver = new ActingCallerResolver();
		assertThat(resolver.supportsParameter(
				new MethodParameter(Probe.class.getDeclaredMethod("deferred", Mono.class, boolean.class), 0)))
			.isTrue();
		assertThat(resolver.supportsParameter(
				new MethodParameter(Probe.class.getDeclaredMethod("deferred", Mono.class, boolean.class), 1)))
			.isFalse();
		assertThat(resolver
			.supportsParameter(new MethodParameter(Probe.class.getDeclaredMethod("unannotated", Caller.class), 0)))
			.isFalse();
	}

	private WebTestClient asGateway() {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway-service"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_INTERNAL))));
	}

	private WebTestClient asUser() {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("alice"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_READ, Scopes.FILES_WRITE,
					Scopes.FILES_DELETE, Scopes.FILES_SHARE, Scopes.FILES_ADMIN))));
	}

	@RestController
	static class Probe {

		@GetMapping("/probe/write")
		String write(@ActingFor(Scopes.FILES_WRITE) Caller caller) {
			return caller.subject() + " " + caller.scopes().stream().sorted().toList();
		}

		@GetMapping("/probe/deferred")
		Mono<String> deferred(@ActingFor(Scopes.FILES_WRITE) Mono<Caller> caller,
				@org.springframework.web.bind.annotation.RequestParam boolean use) {
			return use ? caller.map(Caller::subject) : Mono.just("not needed");
		}

		String unannotated(Caller caller) {
			return caller.subject();
		}

	}

}
