package com.cloudstorage.files.metadata;

/**
 * A request that is well-formed JSON but breaks a rule (bad parameter, missing field);
 * maps to 400 InvalidRequest.
 */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message);
	}

}
