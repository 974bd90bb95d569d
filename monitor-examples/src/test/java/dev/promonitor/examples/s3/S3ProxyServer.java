package dev.promonitor.examples.s3;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: S3Proxy over jclouds' in-memory {@code transient}
 * blob store, on a free port of 127.0.0.1, checking AWS V2 and V4 signatures of one known key.
 * Objects are written through the AWS SDK, as users' tools would.
 */
final class S3ProxyServer {

  static final String ACCESS_KEY_ID = "promonitor-test-key";
  static final String SECRET_ACCESS_KEY = "promonitor-test-secret";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final BlobStoreContext blobStoreContext;
  private final S3Proxy proxy;
  private final S3Client client;

  private S3ProxyServer(BlobStoreContext blobStoreContext, S3Proxy proxy) {
    this.blobStoreContext = blobStoreContext;
    this.proxy = proxy;
    this.client =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            // S3Proxy checks the classic payload signature; no trailing checksums.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
            .build();
  }

  /** Starts a server and waits until it accepts requests. */
  static S3ProxyServer start() throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        context.close();
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new S3ProxyServer(context, proxy);
  }

  /** The server's URL, such as {@code http://127.0.0.1:40123}. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The store behind the server, to change it behind the exporter's back. */
  BlobStore blobStore() {
    return blobStoreContext.getBlobStore();
  }

  void createBucket(String bucket) {
    client.createBucket(request -> request.bucket(bucket));
  }

  void putObject(String bucket, String key, int bytes) {
    client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(new byte[bytes]));
  }

  /** Puts {@code count} objects of {@code bytes} each, keys {@code prefix00000}..., on 8 threads. */
  void putObjects(String bucket, String prefix, int count, int bytes) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = prefix + String.format("%05d", i);
        puts.add(executor.submit(() -> putObject(bucket, key, bytes)));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /** Stops the server and drops what it stored. */
  void stop() throws Exception {
    client.close();
    try {
      proxy.stop();
    } finally {
      blobStoreContext.close();
    }
  }
}
