package dev.promonitor.springboot.it.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small web application with a metric of its own, as the ones that add the starter. */
@SpringBootApplication
@RestController
public class ItApplication {

  private final Counter orders;

  /**
   * Creates the application's controller.
   *
   * @param meters Micrometer's registry
   */
  public ItApplication(MeterRegistry meters) {
    this.orders = Counter.builder("orders.placed").description("Orders placed.").register(meters);
    orders.increment(5);
  }

  /**
   * Places an order.
   *
   * @return a greeting
   */
  @GetMapping("/order")
  public String order() {
    orders.increment();
    return "ordered";
  }
}
