package com.cloudstorage.files.metadata.session;

/** Where a session is in its life; only {@link #OPEN} ones take parts. */
public enum SessionState {

	OPEN, COMPLETED, ABORTED, EXPIRED

}
