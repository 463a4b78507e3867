package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;

/** A bean the CDI-made key generator gets injected. */
@ApplicationScoped
public class TenantPrefix {

  public String prefix() {
    return "tenant-a";
  }
}
