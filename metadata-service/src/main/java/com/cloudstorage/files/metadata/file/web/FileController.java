package com.cloudstorage.files.metadata.file.web;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.security.Callers;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileCursor;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.FileNames;
import com.cloudstorage.files.metadata.file.FileQuery;
import com.cloudstorage.files.metadata.file.SharingLinks;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The public file API, proxied verbatim by the gateway. */
@RestController
@RequestMapping("/api/v1/files")
class FileController {

	private static final int DEFAULT_LIMIT = 50;

	private static final int MAX_LIMIT = 200;

	private final FileManagement files;

	private final SharingLinks links;

	FileController(FileManagement files, SharingLinks links) {
		this.files = files;
		this.links = links;
	}

	@GetMapping
	Mono<FileListResponse> list(Authentication authentication, @RequestParam(required = false) @Nullable String folder,
			@RequestParam(required = false) @Nullable String attachedToType,
			@RequestParam(required = false) @Nullable String attachedToName,
			@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return Mono.fromCallable(() -> {
			int size = (limit != null) ? limit : DEFAULT_LIMIT;
			if (size < 1 || size > MAX_LIMIT) {
				throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT + ".");
			}
			if (blank(attachedToType) != blank(attachedToName)) {
				throw new InvalidRequestException("attachedToType and attachedToName go together.");
			}
			requireValid(FileNames.problemWithFolder(folder));
			if (!blank(attachedToType)) {
				requireValid(FileNames.problemWithLabel("attachedToType", attachedToType));
				requireValid(FileNames.problemWithLabel("attachedToName", attachedToName));
			}
			requireValid(FileNames.problemWithText("q", q));
			DocumentRef attachedTo = blank(attachedToType) ? null : new DocumentRef(attachedToType, attachedToName);
			FileCursor after = blank(cursor) ? null : FileCursor.decode(cursor);
			return new FileQuery(Callers.of(authentication).subject(), blank(folder) ? null : folder, attachedTo,
					blank(q) ? null : q, after, size);
		})
			.flatMap(this.files::list)
			.map((page) -> new FileListResponse(page.items().stream().map(FileResponse::of).toList(),
					(page.next() != null) ? page.next().encode() : null));
	}

	@GetMapping("/{id}")
	Mono<FileResponse> get(Authentication authentication, @PathVariable UUID id) {
		Caller caller = Callers.of(authentication);
		return this.files.get(caller, id).flatMap((file) -> {
			FileResponse response = FileResponse.of(file);
			return this.links.currentOf(caller, file)
				.map((link) -> response
					.withSharingLink(new FileResponse.SharingLink(link.url(), link.createdAt(), link.expiresAt())))
				.defaultIfEmpty(response);
		});
	}

	/**
	 * Names the sharing links that died with the file, so the gateway can wait until they
	 * are dead everywhere.
	 */
	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(Authentication authentication, @PathVariable UUID id,
			@RequestParam(defaultValue = "false") boolean force) {
		return this.files.delete(Callers.of(authentication), id, force).map((revoked) -> {
			ResponseEntity.HeadersBuilder<?> answer = ResponseEntity.noContent();
			revoked.forEach((link) -> answer.header("X-Revoked-Link-Id", link.toString()));
			return answer.build();
		});
	}

	@PostMapping("/{id}/attachments")
	Mono<FileResponse> attach(Authentication authentication, @PathVariable UUID id,
			@RequestBody AttachRequest request) {
		Caller caller = Callers.of(authentication);
		return this.files.attach(caller, id, new DocumentRef(request.type(), request.name())).map(FileResponse::of);
	}

	@DeleteMapping("/{id}/attachments/{type}/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> detach(Authentication authentication, @PathVariable UUID id, @PathVariable String type,
			@PathVariable String name) {
		return this.files.detach(Callers.of(authentication), id, new DocumentRef(type, name));
	}

	private static void requireValid(@Nullable String problem) {
		if (problem != null) {
			throw new InvalidRequestException(problem);
		}
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isEmpty();
	}

	record AttachRequest(@Nullable String type, @Nullable String name) {
	}

	record FileListResponse(List<FileResponse> items, @Nullable String nextCursor) {
	}

}
