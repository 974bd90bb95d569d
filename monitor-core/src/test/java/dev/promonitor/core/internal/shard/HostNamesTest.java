package dev.promonitor.core.internal.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostNamesTest {

  @Test
  void theTrailingNumberOfAStatefulSetPodIsItsIndex() {
    assertThat(HostNames.trailingIndex("promonitor-2")).hasValue(2);
    assertThat(HostNames.trailingIndex("promonitor-a-10")).hasValue(10);
    assertThat(HostNames.trailingIndex("promonitor-07")).hasValue(7);
  }

  @Test
  void onlyTheFirstLabelOfAQualifiedNameCounts() {
    assertThat(HostNames.trailingIndex("promonitor-1.promonitor.monitoring.svc")).hasValue(1);
    assertThat(HostNames.trailingIndex("web.rack-3")).isEmpty();
  }

  @Test
  void aNameWithoutTrailingDigitsOrWithTooManyGivesNoIndex() {
    assertThat(HostNames.trailingIndex("web")).isEmpty();
    assertThat(HostNames.trailingIndex("web-2a")).isEmpty();
    assertThat(HostNames.trailingIndex("web-99999999999")).isEqualTo(OptionalInt.empty());
  }

  @Test
  void hostnameVariableComesFirstAndABlankOneIsIgnored() {
    assertThat(HostNames.current(Map.of("HOSTNAME", " promonitor-3 ")::get))
        .isEqualTo(new HostNames.HostName("promonitor-3", "HOSTNAME"));
    HostNames.HostName machine = HostNames.current(Map.of("HOSTNAME", " ")::get);
    assertThat(machine.origin()).isEqualTo("the machine's host name");
    assertThat(machine.name()).isNotBlank();
  }

  @Test
  void aNameThatDoesNotResolveIsTheKernelsOwn(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hostname"), "promonitor-4\n");

    assertThat(HostNames.kernelHostName(file)).isEqualTo("promonitor-4");
  }

  @Test
  void withoutTheKernelsNameTheHostIsLocalhost(@TempDir Path dir) throws Exception {
    assertThat(HostNames.kernelHostName(dir.resolve("missing"))).isEqualTo("localhost");
    assertThat(HostNames.kernelHostName(Files.writeString(dir.resolve("blank"), " \n")))
        .isEqualTo("localhost");
  }
}
