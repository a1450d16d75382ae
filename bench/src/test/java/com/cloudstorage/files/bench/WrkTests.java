package com.cloudstorage.files.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class WrkTests {

	private static final String OUTPUT = """
			Running 15s test @ http://127.0.0.1:8080/s/abc
			  2 threads and 64 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency   160.49ms   81.20ms   1.20s    78.40%
			    Req/Sec   201.41     52.10   310.00     70.00%
			  Latency Distribution
			     50%  635.00us
			     75%   12.50ms
			     90%  150.00ms
			     99%    1.02s
			  5961 requests in 15.03s, 2.11MB read
			  Socket errors: connect 0, read 2, write 0, timeout 3
			  Non-2xx or 3xx responses: 7
			Requests/sec:    396.61
			Transfer/sec:    143.92KB
			""";

	@Test
	void readsThroughputPercentilesInMillisecondsAndEveryKindOfFailure() {
		Latency latency = Wrk.parse(OUTPUT);

		assertThat(latency.requestsPerSecond()).isEqualTo(396.61);
		assertThat(latency.p50()).isCloseTo(0.635, within(1e-9));
		assertThat(latency.p75()).isEqualTo(12.5);
		assertThat(latency.p90()).isEqualTo(150.0);
		assertThat(latency.p99()).isEqualTo(1020.0);
		assertThat(latency.max()).isEqualTo(1200.0);
		assertThat(latency.requests()).isEqualTo(5961);
		assertThat(latency.failures()).isEqualTo(12);
	}

	@Test
	void outputWithoutADistributionIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:8080"));
	}

}
