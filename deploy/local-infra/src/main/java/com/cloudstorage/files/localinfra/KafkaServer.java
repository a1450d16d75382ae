package com.cloudstorage.files.localinfra;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real Apache Kafka broker in KRaft mode, in this JVM, on loopback. */
public final class KafkaServer implements AutoCloseable {

	private final String bootstrapServers;

	private final Runnable stop;

	private KafkaServer(String bootstrapServers, Runnable stop) {
		this.bootstrapServers = bootstrapServers;
		this.stop = stop;
	}

	/** A broker someone else started (a container); its topics must exist already. */
	static KafkaServer running(String bootstrapServers, Runnable stop) {
		return new KafkaServer(bootstrapServers, stop);
	}

	/**
	 * Starts a single-node KRaft broker.
	 * @param port the port, or 0 for a free one
	 * @param partitions partitions of each topic created here
	 * @param topics topics to create up front
	 */
	public static KafkaServer start(int port, int partitions, String... topics) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
		if (port > 0) {
			broker.kafkaPorts(port);
		}
		broker.brokerProperty("auto.create.topics.enable", "true");
		broker.brokerProperty("num.partitions", String.valueOf(partitions));
		broker.afterPropertiesSet();
		return new KafkaServer(broker.getBrokersAsString(), broker::destroy);
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	@Override
	public void close() {
		this.stop.run();
	}

}
