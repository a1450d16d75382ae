package com.cloudstorage.files.sharelink.link.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads where the projection stands in each partition for the consumer thread with plain
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

	/**
	 * The next offset to read per partition of the topic; a partition never read is
	 * absent.
	 */
	Map<Integer, Long> positions(String topic) {
		try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
				PreparedStatement statement = connection
					.prepareStatement("SELECT partition, next_offset FROM partition_position WHERE topic = ?")) {
			statement.setString(1, topic);
			Map<Integer, Long> positions = new HashMap<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					positions.put(rows.getInt(1), rows.getLong(2));
				}
			}
			return positions;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the projection's positions", ex);
		}
	}

}
