package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HibernateExampleTest {

  @Test
  void everyRepeatedReadComesFromTheSecondLevelCache() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    int status = HibernateExample.run(new String[0], out);

    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(status).as(output).isZero();
    assertThat(output)
        .contains("io.tiercache.examples.hibernate.Author##NaturalId    [heap{entries=20000}]")
        .contains("default-update-timestamps-region                     [heap{entries=1000}]")
        .contains("load the author again, new session       Ada Lovelace")
        .contains("Augusta Ada King")
        .contains("Every repeated read came from the second-level cache.")
        .doesNotContain("unexpected");
  }
}
