package com.cloudstorage.files.sharelink.link.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Answers "has the projection applied anything yet?" for the consumer thread with plain
 * JDBC (the URL Flyway uses): that thread may block, and must not block on the reactive
 * connection pool the web layer shares.
 */
@Component
class ProjectionState {

	private final String url;

	private final String user;

	private final String password;

	ProjectionState(@Value("${spring.flyway.url}") String url, @Value("${spring.flyway.user}") String user,
			@Value("${spring.flyway.password}") String password) {
		this.url = url;
		this.user = user;
		this.password = password;
	}

	boolean isEmpty() {
		try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM processed_event)")) {
			return rows.next() && rows.getBoolean(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the projection's state", ex);
		}
	}

}
