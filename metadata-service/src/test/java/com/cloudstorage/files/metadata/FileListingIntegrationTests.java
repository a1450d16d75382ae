package com.cloudstorage.files.metadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/files}: newest first, cursor paging, visibility and filters. */
class FileListingIntegrationTests extends IntegrationTestSupport {

	@Test
	void pagesNewestFirstThroughOwnAndPublicFilesButNotOthersPrivateOnes() {
		String bob = unique("bob");
		String carol = unique("carol");
		String folder = unique("folder");
		List<UUID> bobs = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			bobs.add(upload(bob, "file" + i + ".txt", true, folder));
		}
		UUID carolsPublic = upload(carol, "public.txt", false, folder);
		upload(carol, "secret.txt", true, folder);

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = (cursor != null) ? list(bob, "folder", folder, "limit", "2", "cursor", cursor)
					: list(bob, "folder", folder, "limit", "2");
			List<Map<String, Object>> items = items(page);
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach((item) -> seen.add((String) item.get("id")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null && pages < 10);

		List<String> expected = new ArrayList<>();
		expected.add(carolsPublic.toString());
		for (int i = bobs.size() - 1; i >= 0; i--) {
			expected.add(bobs.get(i).toString());
		}
		assertThat(seen).isEqualTo(expected);
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void anotherUserSeesTheirOwnFilesButNotYourPrivateOnes() {
		String bob = unique("bob");
		String carol = unique("carol");
		String folder = unique("folder");
		UUID bobsPrivate = upload(bob, "mine.txt", true, folder);
		UUID carolsPublic = upload(carol, "public.txt", false, folder);
		UUID carolsPrivate = upload(carol, "secret.txt", true, folder);

		assertThat(ids(list(carol, "folder", folder))).containsExactly(carolsPrivate.toString(),
				carolsPublic.toString());
		assertThat(ids(list(bob, "folder", folder))).containsExactly(carolsPublic.toString(), bobsPrivate.toString());
	}

	@Test
	void searchIgnoresCaseAndTakesWildcardsLiterally() {
		String bob = unique("bob");
		String tag = unique("tag");
		for (int i = 0; i < 3; i++) {
			upload(bob, tag + "-file" + i + ".txt", true, null);
		}
		UUID percent = upload(bob, tag + "-Quarter_50%.TXT", true, null);

		assertThat(ids(list(bob, "q", tag + "-quarter_50%"))).containsExactly(percent.toString());
		assertThat(ids(list(bob, "q", tag + "%"))).isEmpty();
		assertThat(ids(list(bob, "q", tag + "-FILE"))).hasSize(3);
	}

	@Test
	void filtersByTheDocumentAFileIsAttachedTo() {
		String bob = unique("bob");
		String doc = unique("DOC");
		UUID first = upload(bob, "first.txt", true, null);
		UUID second = upload(bob, "second.txt", true, null);
		upload(bob, "unattached.txt", true, null);
		attach(bob, first, "Quote", doc).expectStatus().isOk();
		attach(bob, second, "Quote", doc).expectStatus().isOk();

		assertThat(ids(list(bob, "attachedToType", "Quote", "attachedToName", doc))).containsExactly(second.toString(),
				first.toString());
		// Half a document is no filter.
		expectProblem(this.http.get()
			.uri("/api/v1/files?attachedToType=Quote")
			.header("Authorization", bearer(bob, READ))
			.exchange(), 400, "InvalidRequest");
	}

	private Map<String, Object> list(String subject, String... params) {
		return this.http.get().uri((builder) -> {
			builder.path("/api/v1/files");
			Map<String, String> values = new LinkedHashMap<>();
			for (int i = 0; i < params.length; i += 2) {
				builder.queryParam(params[i], "{" + params[i] + "}");
				values.put(params[i], params[i + 1]);
			}
			return builder.build(values);
		})
			.header("Authorization", bearer(subject, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	private static List<String> ids(Map<String, Object> page) {
		return items(page).stream().map((item) -> (String) item.get("id")).toList();
	}

}
