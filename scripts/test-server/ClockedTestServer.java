import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * Temporal's time-skipping test server with its clock starting at a chosen instant, for the demo
 * company's year of history (demo/company/history.ts). The stock main (io.temporal.testserver.TestServer)
 * always starts at the current time. Called as the SDK calls that one, `<port> --enable-time-skipping`;
 * the instant comes from TEMPORAL_TEST_SERVER_START_AT (ISO 8601). Time skipping starts locked: the
 * clock moves only when the driver sleeps, so nothing fires while it acts.
 */
public final class ClockedTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: ClockedTestServer <port> [--enable-time-skipping] (start instant in TEMPORAL_TEST_SERVER_START_AT)");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    String startAt = System.getenv("TEMPORAL_TEST_SERVER_START_AT");
    long initialTimeMillis = startAt == null || startAt.isEmpty() ? 0 : Instant.parse(startAt).toEpochMilli();
    TestServicesStarter services = new TestServicesStarter(true, initialTimeMillis);
    ServerBuilder<?> builder = ServerBuilder.forPort(port);
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      services.close();
    }));
    server.awaitTermination();
  }
}
