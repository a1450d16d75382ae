package com.cloudstorage.files.metadata;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * How the event consumers tell a database outage (retried without bound: the record is
 * not at fault) from a failure the record causes (dead-lettered).
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/** The database is down or unreachable: no fault of the record. */
	public static boolean isTransient(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof io.r2dbc.spi.R2dbcTransientException
					|| cause instanceof io.r2dbc.spi.R2dbcNonTransientResourceException
					|| cause instanceof java.io.IOException || cause instanceof java.util.concurrent.TimeoutException) {
				return true;
			}
		}
		return false;
	}

}
