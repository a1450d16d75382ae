package com.cloudstorage.files.sharelink.link.web;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemPage;

import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * What a person following a dead link sees in a browser: a calm page, no script, nothing
 * that tells whether the token ever existed.
 */
@Component
class LinkErrorPage implements ProblemPage {

	@Override
	public String render(Problem problem) {
		return """
				<!doctype html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<meta name="robots" content="noindex">
				<title>%1$s</title>
				<style>
				  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
				         background: #f4f5f7; color: #1d2330; display: grid; place-items: center; min-height: 100vh; }
				  main { background: #fff; max-width: 32rem; margin: 1rem; padding: 2.5rem 2rem; border-radius: 12px;
				         box-shadow: 0 1px 3px rgba(0,0,0,.12); text-align: center; }
				  .icon { display: block; margin: 0 auto; }
				  h1 { font-size: 1.4rem; margin: 1rem 0 .5rem; }
				  p { margin: 0; color: #4a5468; }
				</style>
				</head>
				<body>
				<main role="main">
				  <svg class="icon" aria-hidden="true" width="48" height="48" viewBox="0 0 24 24" fill="none"
				       stroke="#8a94a6" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
				    <path d="M9 15l6-6M11 6l1.5-1.5a4.2 4.2 0 0 1 6 6L17 12M13 18l-1.5 1.5a4.2 4.2 0 0 1-6-6L7 12"/>
				    <path d="M3 3l18 18"/>
				  </svg>
				  <h1>%1$s</h1>
				  <p>%2$s</p>
				  <p style="margin-top:1rem">Ask the person who shared it for a new link.</p>
				</main>
				</body>
				</html>
				""".formatted(escape(problem.code().title()), escape(problem.detail()));
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
