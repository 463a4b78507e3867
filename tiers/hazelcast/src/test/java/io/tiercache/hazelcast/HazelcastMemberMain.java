package io.tiercache.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.internal.HazelcastTierPropertiesAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Hazelcast member in a JVM of its own, configured as a {@code hazelcast} tier in member mode with the
 * same properties would configure its embedded member (join, interfaces, split-brain protection) and its
 * {@code tc:*} maps (backups, in-memory format, merge policy):
 * {@code HazelcastMemberMain <cluster> <port> <members> [backupCount]}. Prints {@code READY <cluster size>}
 * once started and {@code MEMBERS <cluster size>} on every membership change; shuts down when stdin
 * closes (or reads {@code EXIT}), or after ten minutes.
 */
public final class HazelcastMemberMain {

  private HazelcastMemberMain() {
  }

  public static void main(String[] args) throws IOException {
    TierSpec spec = TierSpec.of("hazelcast", Map.of("mode", "member", "cluster", args[0], "port", args[1],
        "members", args[2], "backupCount", args.length > 3 ? args[3] : "1"));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastTierPropertiesAccess.memberConfig(spec));
    member.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        out.println("MEMBERS " + event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        out.println("MEMBERS " + event.getMembers().size());
      }
    });
    out.println("READY " + member.getCluster().getMembers().size());
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        return;
      }
      System.exit(3);
    }, "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    InputStream in = System.in;
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        if (line.toString().trim().equals("EXIT")) {
          break;
        }
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
    member.shutdown();
    System.exit(0);
  }
}
