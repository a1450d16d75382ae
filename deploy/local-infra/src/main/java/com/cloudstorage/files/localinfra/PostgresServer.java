package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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

	private final String host;

	private final int port;

	private final AutoCloseable stop;

	private PostgresServer(String host, int port, AutoCloseable stop) {
		this.host = host;
		this.port = port;
		this.stop = stop;
	}

	/**
	 * A server someone else started (a container), reached at host:port as {@link #USER}.
	 */
	static PostgresServer running(String host, int port, AutoCloseable stop, String... databases) throws IOException {
		PostgresServer server = new PostgresServer(host, port, stop);
		try {
			server.createDatabases(DriverManager.getConnection(server.jdbcUrl("postgres"), USER, PASSWORD), databases);
		}
		catch (SQLException ex) {
			throw new IOException("Could not reach PostgreSQL at " + host + ":" + port, ex);
		}
		return server;
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
		Path work = Directories.postgresBinaries();
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
		EmbeddedPostgres postgres = builder.start();
		PostgresServer server = new PostgresServer("127.0.0.1", postgres.getPort(), postgres);
		try {
			server.createDatabases(postgres.getPostgresDatabase().getConnection(), databases);
		}
		catch (SQLException ex) {
			throw new IOException("Could not create databases", ex);
		}
		return server;
	}

	private void createDatabases(Connection admin, String... databases) throws IOException {
		try (Connection connection = admin) {
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
		return this.port;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	public String r2dbcUrl(String database) {
		return "r2dbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	@Override
	public void close() throws IOException {
		try {
			this.stop.close();
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

}
