package com.cloudstorage.files.kit.problem;

/**
 * An HTML rendering of problems for people following a link in a browser. A service that
 * declares one answers requests that explicitly accept {@code text/html} with it; every
 * other client gets problem+json.
 */
@FunctionalInterface
public interface ProblemPage {

	String render(Problem problem);

}
