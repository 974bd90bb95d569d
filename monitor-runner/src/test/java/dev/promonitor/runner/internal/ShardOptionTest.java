package dev.promonitor.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardOptionTest {

  @Test
  void indexSlashCountIsParsed() {
    assertThat(ShardOption.parse("1/3")).isEqualTo(new ShardOption(1, 3));
    assertThat(ShardOption.parse("0/1")).isEqualTo(new ShardOption(0, 1));
  }

  @Test
  void otherFormsAreRefusedWithTheExpectedForm() {
    assertThatThrownBy(() -> ShardOption.parse("1of3"))
        .hasMessage("--shard: expecting INDEX/COUNT, such as 1/3. Found: 1of3");
    assertThatThrownBy(() -> ShardOption.parse("-1/3"))
        .hasMessage("--shard: expecting INDEX/COUNT, such as 1/3. Found: -1/3");
  }

  @Test
  void anIndexOutsideTheCountIsRefused() {
    assertThatThrownBy(() -> ShardOption.parse("3/3"))
        .hasMessage("--shard: expecting INDEX between 0 and COUNT - 1 (2). Found: 3/3");
    assertThatThrownBy(() -> ShardOption.parse("0/0"))
        .hasMessage("--shard: expecting COUNT > 0. Found: 0/0");
  }
}
