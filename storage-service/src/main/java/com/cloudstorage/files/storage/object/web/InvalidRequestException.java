package com.cloudstorage.files.storage.object.web;

/** A request parameter the API refuses. */
class InvalidRequestException extends RuntimeException {

	InvalidRequestException(String message) {
		super(message);
	}

}
