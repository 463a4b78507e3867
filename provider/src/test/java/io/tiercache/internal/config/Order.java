package io.tiercache.internal.config;

import java.io.Serializable;

/** A value type for the configuration tests. */
public final class Order implements Serializable {
  private static final long serialVersionUID = 1L;
}
