package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky binaries) on loopback, with one database per service.
 */
public final class PostgresServer implements AutoCloseable {

	public static final String USER = "postgres";

	public static final String PASSWORD = "postgres";

	private final EmbeddedPostgres postgres;

	private PostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts PostgreSQL.
	 * @param port the port, or 0 for a free one
	 * @param dataDirectory where the cluster lives; kept across restarts when it already
	 * exists
	 * @param databases the databases to create when missing
	 */
	public static PostgresServer start(int port, Path dataDirectory, String... databases) throws IOException {
		Files.createDirectories(dataDirectory);
		Path work = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-bin");
		Files.createDirectories(work);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(work.toFile())
			.setServerConfig("max_connections", "200")
			.setServerConfig("listen_addresses", "127.0.0.1");
		if (port > 0) {
			builder.setPort(port);
		}
		PostgresServer server = new PostgresServer(builder.start());
		server.createDatabases(databases);
		return server;
	}

	private void createDatabases(String... databases) throws IOException {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
			}
			for (String database : databases) {
				try (PreparedStatement exists = connection
					.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
					exists.setString(1, database);
					try (ResultSet rows = exists.executeQuery()) {
						if (rows.next()) {
							continue;
						}
					}
				}
				try (Statement create = connection.createStatement()) {
					create.execute("CREATE DATABASE \"" + database + "\"");
				}
			}
		}
		catch (SQLException ex) {
			throw new IOException("Could not create databases", ex);
		}
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
	}

	public String r2dbcUrl(String database) {
		return "r2dbc:postgresql://127.0.0.1:" + port() + "/" + database;
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
