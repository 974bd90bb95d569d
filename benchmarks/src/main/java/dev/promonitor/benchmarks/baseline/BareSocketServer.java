package dev.promonitor.benchmarks.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor of the start benchmark: a bare JVM that binds the port and answers every connection
 * with {@code 200 OK} and a one-line body, on the main thread. With {@code --exit} it binds and
 * exits, the floor of {@code --dry-run} and {@code --once}.
 */
public final class BareSocketServer {

  private BareSocketServer() {}

  /**
   * Serves on 127.0.0.1.
   *
   * @param args the port, then optionally {@code --exit}
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
      if (args.length > 1 && args[1].equals("--exit")) {
        return;
      }
      byte[] response =
          "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
              .getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[4096];
      while (true) {
        try (Socket client = server.accept()) {
          InputStream in = client.getInputStream();
          in.read(request); // one read holds a GET of the harness
          OutputStream out = client.getOutputStream();
          out.write(response);
          out.flush();
        }
      }
    }
  }
}
