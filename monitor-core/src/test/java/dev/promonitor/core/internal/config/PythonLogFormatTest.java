package dev.promonitor.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PythonLogFormatTest {

  @Test
  void pythonFrameworkReadmeFormatUsesPythonsDefaultDate() {
    assertThat(
            PythonLogFormat.toLog4jPattern(
                "%(asctime)s [%(levelname)s] %(name)s: %(message)s", null))
        .isEqualTo("%d{yyyy-MM-dd HH:mm:ss,SSS} [%level] %logger: %msg%n");
  }

  @Test
  void dateFormatIsConvertedAndLiteralLettersQuoted() {
    assertThat(PythonLogFormat.toLog4jPattern("%(asctime)s %(message)s", "%d %b %Y at %I:%M %p %Z"))
        .isEqualTo("%d{dd MMM yyyy' at 'hh:mm a z} %msg%n");
    assertThat(PythonLogFormat.toDatePattern("%A %B %j %y %H:%M:%S %z %a %%"))
        .isEqualTo("EEEE MMMM DDD yy HH:mm:ss Z EEE %");
  }

  @Test
  void everyAttributeHasItsConverter() {
    assertThat(
            PythonLogFormat.toLog4jPattern(
                "%(threadName)s %(thread)d %(process)d %(lineno)d %(funcName)s %(filename)s"
                    + " %(module)s %(pathname)s %(levelno)s %(created)f %(msecs)03d"
                    + " %(relativeCreated)d",
                null))
        .isEqualTo(
            "%thread %tid %pid %line %method %file %class{1} %class"
                + " %level{TRACE=5, DEBUG=10, INFO=20, WARN=30, ERROR=40, FATAL=50}"
                + " %d{UNIX_MILLIS} %3d{SSS} %r%n");
  }

  @Test
  void widthAndAlignmentAreKept() {
    assertThat(PythonLogFormat.toLog4jPattern("%(levelname)-8s|%(name)20s|%(message)s", null))
        .isEqualTo("%-8level|%20logger|%msg%n");
  }

  @Test
  void percentSignsStayLiteral() {
    assertThat(PythonLogFormat.toLog4jPattern("100%% %(message)s 5% done", null))
        .isEqualTo("100%% %msg 5%% done%n");
  }

  @Test
  void unknownTokenIsNamed() {
    assertThatThrownBy(() -> PythonLogFormat.toLog4jPattern("%(taskName)s %(message)s", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsupported token '%(taskName)s' in the format; supported: ")
        .extracting(thrown -> ((PythonLogFormat.Unsupported) thrown).part())
        .isEqualTo(PythonLogFormat.Unsupported.Part.FORMAT);
  }

  @Test
  void unknownDateDirectiveIsNamed() {
    assertThatThrownBy(() -> PythonLogFormat.toDatePattern("%Y %U"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsupported directive '%U' in the datefmt")
        .extracting(thrown -> ((PythonLogFormat.Unsupported) thrown).part())
        .isEqualTo(PythonLogFormat.Unsupported.Part.DATEFMT);
  }

  @Test
  void log4jFormatIsRecognised() {
    assertThat(PythonLogFormat.isPythonFormat("%d %-5level %msg")).isFalse();
    assertThat(PythonLogFormat.isPythonFormat("%(message)s")).isTrue();
  }
}
