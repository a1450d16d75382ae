package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Writes full thread dumps to {@code target/thread-dumps} while a test runs longer than
 * {@code thread-dumps.after} (default 20 s), then every 10 s, at most five times. A
 * request that gets no answer is caught while it hangs, not after the client gave up: the
 * dump shows which event loop is busy or blocked, and on what.
 */
public final class ThreadDumpWatchdog implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

	private static final Duration FIRST = Duration.ofSeconds(Long.getLong("thread-dumps.after", 20));

	private static final Duration EVERY = Duration.ofSeconds(10);

	private static final int MOST = 5;

	private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "thread-dump-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ThreadDumpWatchdog.class);

	private static final Map<String, Supplier<String>> SECTIONS = new ConcurrentSkipListMap<>();

	/**
	 * Adds a section to every dump from now on, e.g. the requests a service under test
	 * has not answered yet: a thread dump alone cannot tell a request that never arrived
	 * from one whose reactive chain stopped. A later section with the same title replaces
	 * it.
	 */
	public static void addSection(String title, Supplier<String> section) {
		SECTIONS.put(title, section);
	}

	@Override
	public void beforeTestExecution(ExtensionContext context) {
		String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
		AtomicInteger taken = new AtomicInteger();
		ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
		self[0] = TIMER.scheduleWithFixedDelay(() -> {
			int number = taken.incrementAndGet();
			if (number > MOST) {
				self[0].cancel(false);
				return;
			}
			Path file = write(test, number);
			System.err.println("[thread-dump-watchdog] " + test + " still running after "
					+ FIRST.plus(EVERY.multipliedBy(number - 1L)).toSeconds() + " s; threads: " + file);
		}, FIRST.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
		context.getStore(NAMESPACE).put(ScheduledFuture.class, self[0]);
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		ScheduledFuture<?> watch = context.getStore(NAMESPACE).remove(ScheduledFuture.class, ScheduledFuture.class);
		if (watch != null) {
			watch.cancel(false);
		}
	}

	private static Path write(String test, int number) {
		try {
			Path directory = Files.createDirectories(Path.of("target", "thread-dumps"));
			Path file = directory.resolve(test + "-" + number + ".txt");
			Files.writeString(file, dump() + sessions() + sections(), StandardCharsets.UTF_8);
			return file.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sections() {
		StringBuilder out = new StringBuilder();
		SECTIONS.forEach((title, section) -> {
			out.append('\n').append(title).append('\n');
			try {
				out.append(section.get()).append('\n');
			}
			catch (RuntimeException ex) {
				out.append("could not read: ").append(ex).append('\n');
			}
		});
		return out.toString();
	}

	/** What PostgreSQL is doing: a stuck transaction or lock wait shows here. */
	static String sessions() {
		PostgresServer postgres = TestInfrastructure.startedPostgres();
		if (postgres == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(
				"PostgreSQL sessions (query = the last statement a session received, whichever code sent it)\n");
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.USER,
				PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(5);
			table(out, statement.executeQuery("""
					SELECT pid, datname, client_port, now() - backend_start AS connected, state, wait_event_type,
					wait_event, now() - xact_start AS in_transaction,
					now() - state_change AS in_state, pg_blocking_pids(pid) AS blocked_by, left(query, 160) AS query
					FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
					ORDER BY pid"""));
		}
		catch (SQLException ex) {
			out.append("could not read: ").append(ex.getMessage()).append('\n');
		}
		return out.toString();
	}

	private static void table(StringBuilder out, ResultSet rows) throws SQLException {
		ResultSetMetaData columns = rows.getMetaData();
		while (rows.next()) {
			for (int i = 1; i <= columns.getColumnCount(); i++) {
				out.append(columns.getColumnLabel(i))
					.append('=')
					.append(rows.getString(i))
					.append(i < columns.getColumnCount() ? " | " : "\n");
			}
		}
	}

	/** Like jstack: every frame, with the monitors and locks each thread holds. */
	static String dump() {
		StringBuilder out = new StringBuilder("Thread dump at ").append(Instant.now()).append("\n\n");
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			out.append('"').append(thread.getThreadName()).append("\" #").append(thread.getThreadId());
			out.append(thread.isDaemon() ? " daemon" : "").append(' ').append(thread.getThreadState());
			if (thread.getLockName() != null) {
				out.append(" on ").append(thread.getLockName());
			}
			if (thread.getLockOwnerName() != null) {
				out.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
			}
			out.append('\n');
			StackTraceElement[] frames = thread.getStackTrace();
			for (int i = 0; i < frames.length; i++) {
				out.append("\tat ").append(frames[i]).append('\n');
				for (MonitorInfo monitor : thread.getLockedMonitors()) {
					if (monitor.getLockedStackDepth() == i) {
						out.append("\t- locked ").append(monitor).append('\n');
					}
				}
			}
			for (LockInfo lock : thread.getLockedSynchronizers()) {
				out.append("\t- holds ").append(lock).append('\n');
			}
			out.append('\n');
		}
		return out.toString();
	}

}
